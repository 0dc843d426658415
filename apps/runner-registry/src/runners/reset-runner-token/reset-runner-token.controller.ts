import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { IsDefined, IsInt } from 'class-validator';
import { collectParams, describeRoute, paramsOf } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { valueOrThrow } from '@app/http/domain-error.http';
import type { ResetTokenResult } from '@app/api/runners/registration-details';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { ResetRunnerTokenCommand } from './reset-runner-token.command';

export class ResetRunnerTokenParams {
  @IsDefined() @IsInt() id: number | null;
}
const resetRunnerTokenParams = paramsOf(ResetRunnerTokenParams);
import { resetRunnerTokenRefusal } from '@app/domain';
import { ref } from '@app/api/api-entities.schema';

describeRoute('POST', '/api/v4/runners/:id/reset_authentication_token', {
  summary: "Rotate a runner's authentication token",
  tag: 'runners',
  auth: 'user',
  params: ResetRunnerTokenParams,
  responses: { 201: { description: 'The new token, shown this once', schema: ref('RunnerToken') } },
  errors: { 404: '`404 Runner Not Found`' },
});

@Controller('api/v4/runners')
export class ResetRunnerTokenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
  ) {}

  /** Rotate a runner's authentication token for it: 201 {token, token_expires_at}. */
  @Post(':id/reset_authentication_token')
  @HttpCode(201)
  async reset(@Req() request: FastifyRequest): Promise<ResetTokenResult> {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw, 'runner_by_id');
    const { id } = resetRunnerTokenParams.parse(raw);
    const runner = this.lookup.requireAllowed(id, user, resetRunnerTokenRefusal);
    return valueOrThrow(await this.commands.execute(new ResetRunnerTokenCommand(runner.id, { type: 'user', id: user.userId }, request.id)));
  }
}
