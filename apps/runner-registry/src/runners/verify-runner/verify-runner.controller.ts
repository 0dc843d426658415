import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { valueOrThrow } from '../shared/domain-error.mapper';
import type { RegistrationDetails } from '../shared/registration-details';
import { RunnerTokenAuthenticator } from '../shared/runner-token-authenticator';
import { VerifyRunnerCommand } from './verify-runner.command';
import { verifyRunnerParams } from './verify-runner.params';

@Controller('api/v4/runners')
export class VerifyRunnerController {
  constructor(private readonly commands: CommandBus, private readonly runners: RunnerTokenAuthenticator) {}

  /** Checks a runner's token and counts as contact. GitLab echoes the token the runner sent. */
  @Post('verify')
  @HttpCode(200)
  async verify(@Req() request: FastifyRequest): Promise<RegistrationDetails> {
    const params = verifyRunnerParams.parse(collectParams(request));
    const runner = this.runners.require(params.token);
    valueOrThrow(await this.commands.execute(new VerifyRunnerCommand(runner.id)));
    return { id: runner.id, token: params.token!, token_expires_at: runner.tokenExpiresAt };
  }
}
