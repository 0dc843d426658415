import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { forbidden } from '@app/http/gitlab-errors';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { valueOrThrow } from '@app/http/domain-error.mapper';
import { ResetRegistrationTokenCommand } from './reset-registration-token.command';

@Controller('api/v4/runners')
export class ResetInstanceRegistrationTokenController {
  constructor(private readonly commands: CommandBus, private readonly auth: UserAuthenticator) {}

  /** Administrators replace the instance registration token: 201 {token}. Refused while registration tokens are off. */
  @Post('reset_registration_token')
  @HttpCode(201)
  async reset(@Req() request: FastifyRequest): Promise<{ token: string }> {
    const { user } = this.auth.authenticate(request, collectParams(request));
    if (!user.admin) throw forbidden();
    const outcome = await this.commands.execute(new ResetRegistrationTokenCommand('instance', null, { type: 'user', id: user.userId }));
    if (!outcome.ok && outcome.error.kind === 'forbidden') throw forbidden();
    return valueOrThrow(outcome);
  }
}
