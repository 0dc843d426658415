import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { ResetInstanceRegistrationTokenController } from './reset-instance-registration-token/reset-instance-registration-token.controller';
import { ResetRegistrationTokenHandler } from './reset-instance-registration-token/reset-registration-token.handler';

@Module({
  imports: [DirectoryModule],
  controllers: [ResetInstanceRegistrationTokenController],
  providers: [ResetRegistrationTokenHandler],
})
export class RegistrationTokensModule {}
