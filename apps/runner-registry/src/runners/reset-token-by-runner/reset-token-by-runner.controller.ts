import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { ResetRunnerTokenCommand } from '../reset-runner-token/reset-runner-token.command';
import { valueOrThrow } from '../shared/domain-error.mapper';
import type { ResetTokenResult } from '../shared/registration-details';
import { RunnerTokenAuthenticator } from '../shared/runner-token-authenticator';
import { runnerTokenParams } from '../shared/runner-token.params';
import { VerifyRunnerCommand } from '../verify-runner/verify-runner.command';

@Controller('api/v4/runners')
export class ResetTokenByRunnerController {
  constructor(private readonly commands: CommandBus, private readonly runners: RunnerTokenAuthenticator) {}

  /** A runner rotates its own token (an expired token cannot): 201 {token, token_expires_at}. */
  @Post('reset_authentication_token')
  @HttpCode(201)
  async reset(@Req() request: FastifyRequest): Promise<ResetTokenResult> {
    const { token } = runnerTokenParams.parse(collectParams(request));
    const runner = this.runners.require(token);
    // GitLab's authenticate_runner! heartbeats before the rotation (spec §4.1).
    valueOrThrow(await this.commands.execute(new VerifyRunnerCommand(runner.id)));
    return valueOrThrow(await this.commands.execute(new ResetRunnerTokenCommand(runner.id, { type: 'runner', id: runner.id })));
  }
}
