import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { LEGACY_SYSTEM_ID } from '@app/domain';
import { collectParams } from '@app/http';
import { clientIp } from '../../heartbeats/client-ip';
import { HeartbeatService } from '../../heartbeats/heartbeat.service';
import { Clock } from '../../infrastructure/clock';
import type { RegistrationDetails } from '../shared/registration-details';
import { RunnerTokenAuthenticator } from '../shared/runner-token-authenticator';
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
    await this.heartbeats.beat(runner, {
      systemId: params.system_id || LEGACY_SYSTEM_ID,
      info: null,
      ipAddress: clientIp(request),
      finishCreation: false,
      now: this.clock.now().toISOString(),
    });
    return { id: runner.id, token: params.token!, token_expires_at: runner.tokenExpiresAt };
  }
}
