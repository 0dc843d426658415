import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { resetInstanceRegistrationTokenRefusal } from '@app/domain';
import { collectParams, describeRoute } from '@app/http';
import { refuseIf, valueOrThrow } from '@app/http/domain-error.http';
import { DirectoryProjection } from '@app/projections';
import { ResetRegistrationTokenCommand } from './reset-registration-token.command';
import { ref } from '@app/api/api-entities.schema';

describeRoute('POST', '/api/v4/runners/reset_registration_token', {
  summary: "Replace the instance's registration token (administrators)",
  tag: 'registration tokens',
  auth: 'user',
  responses: { 201: { description: 'The new token, shown this once', schema: ref('RegistrationToken') } },
});

@Controller('api/v4/runners')
export class ResetInstanceRegistrationTokenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly directory: DirectoryProjection,
  ) {}

  /** Administrators replace the instance registration token: 201 {token}. Refused while registration tokens are off. */
  @Post('reset_registration_token')
  @HttpCode(201)
  async reset(@Req() request: FastifyRequest): Promise<{ token: string }> {
    const { user } = this.auth.authenticate(request, collectParams(request));
    refuseIf(resetInstanceRegistrationTokenRefusal(user, { directory: this.directory }));
    return valueOrThrow(await this.commands.execute(new ResetRegistrationTokenCommand('instance', null, { type: 'user', id: user.userId }, request.id)));
  }
}
