import { Module } from '@nestjs/common';
import { ResetGroupRegistrationTokenController } from './reset-registration-token/reset-group-registration-token.controller';
import { ResetInstanceRegistrationTokenController } from './reset-registration-token/reset-instance-registration-token.controller';
import { ResetProjectRegistrationTokenController } from './reset-registration-token/reset-project-registration-token.controller';
import { ResetRegistrationTokenHandler } from './reset-registration-token/reset-registration-token.handler';

/** The deprecated registration tokens of the instance, groups and projects. */
@Module({
  controllers: [ResetInstanceRegistrationTokenController, ResetGroupRegistrationTokenController, ResetProjectRegistrationTokenController],
  providers: [ResetRegistrationTokenHandler],
})
export class RegistrationTokensModule {}
