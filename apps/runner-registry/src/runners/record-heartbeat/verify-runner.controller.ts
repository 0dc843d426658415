import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { heartbeatFromRequest } from '@app/api/runners/heartbeat-from-request';
import { HeartbeatService } from './heartbeat.service';
import { Clock } from '@app/common/clock';
import type { RegistrationDetails } from '@app/api/runners/registration-details';
import { RunnerTokenAuthenticator } from '@app/api/runners/runner-token-authenticator';
import { verifyRunnerParams, VerifyRunnerParams } from './verify-runner.params';
import { managerInfoFrom } from './manager-info';
import { LEGACY_SYSTEM_ID, ownEntry } from '@app/domain';
import { ref } from '@app/api/api-entities.schema';

describeRoute('POST', '/api/v4/runners/verify', {
  summary: "A runner checks its token (records contact and the manager's details)",
  tag: 'runners',
  auth: 'runner',
  params: VerifyRunnerParams,
  responses: { 200: { description: 'The runner', schema: ref('RegisteredRunner') } },
});

@Controller('api/v4/runners')
export class VerifyRunnerController {
  constructor(
    private readonly runners: RunnerTokenAuthenticator,
    private readonly heartbeats: HeartbeatService,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks a runner's token and counts as contact for the runner and its manager (created on
   * first sight), storing the manager's details when the call carries `info`, as GitLab's
   * `authenticate_runner!` does. It does not finish a created runner's creation. GitLab echoes
   * the token sent.
   */
  @Post('verify')
  @HttpCode(200)
  async verify(@Req() request: FastifyRequest): Promise<RegistrationDetails> {
    const params = verifyRunnerParams.parse(collectParams(request));
    const runner = this.runners.require(params.token);
    const systemId = params.system_id || LEGACY_SYSTEM_ID;
    // Details the call leaves out keep their stored values (an own property: system_id is free text).
    const info = managerInfoFrom(params.info, ownEntry(runner.managers, systemId)?.info);
    await this.heartbeats.beat(runner, heartbeatFromRequest(request, systemId, this.clock.now(), { info, finishCreation: false }), request.id);
    return { id: runner.id, token: params.token!, token_expires_at: runner.tokenExpiresAt };
  }
}
