import { Module } from '@nestjs/common';
import { ResetNamespaceRegistrationTokenController } from './reset-registration-token/reset-namespace-registration-token.controller';
import { ResetInstanceRegistrationTokenController } from './reset-registration-token/reset-instance-registration-token.controller';
import { ResetRegistrationTokenHandler } from './reset-registration-token/reset-registration-token.handler';

/** The deprecated registration tokens of the instance, groups and projects. */
@Module({
  controllers: [ResetInstanceRegistrationTokenController, ResetNamespaceRegistrationTokenController],
  providers: [ResetRegistrationTokenHandler],
})
export class RegistrationTokensModule {}
