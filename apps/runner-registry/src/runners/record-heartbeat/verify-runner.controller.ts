import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { heartbeatFromRequest } from '@app/api/runners/heartbeat-from-request';
import { HeartbeatService } from './heartbeat.service';
import { Clock } from '@app/common/clock';
import type { RegistrationDetails } from '@app/api/runners/registration-details';
import { RunnerTokenAuthenticator } from '@app/api/runners/runner-token-authenticator';
import { verifyRunnerParams } from './verify-runner.params';

@Controller('api/v4/runners')
export class VerifyRunnerController {
  constructor(
    private readonly runners: RunnerTokenAuthenticator,
    private readonly heartbeats: HeartbeatService,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks a runner's token and counts as contact for the runner and its manager (created on
   * first sight). It does not finish a created runner's creation. GitLab echoes the token sent.
   */
  @Post('verify')
  @HttpCode(200)
  async verify(@Req() request: FastifyRequest): Promise<RegistrationDetails> {
    const params = verifyRunnerParams.parse(collectParams(request));
    const runner = this.runners.require(params.token);
    await this.heartbeats.beat(runner, heartbeatFromRequest(request, params.system_id, this.clock.now()));
    return { id: runner.id, token: params.token!, token_expires_at: runner.tokenExpiresAt };
  }
}
