import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { LEGACY_SYSTEM_ID, ownEntry } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { heartbeatFromRequest } from '../../heartbeats/heartbeat-from-request';
import { HeartbeatService } from '../../heartbeats/heartbeat.service';
import { managerInfoFrom } from '../../heartbeats/manager-info';
import { RunnerTokenAuthenticator } from '../../runners/shared/runner-token-authenticator';
import { requestJobParams } from './request-job.params';
import { runnerQueueValue } from './runner-queue';

@Controller('api/v4/jobs')
export class RequestJobController {
  constructor(
    private readonly runners: RunnerTokenAuthenticator,
    private readonly heartbeats: HeartbeatService,
    private readonly clock: Clock,
  ) {}

  /**
   * The gitlab-runner agent's poll. It counts as contact for the runner and its manager and
   * finishes a created runner's creation. This registry schedules no jobs (dispatch belongs to
   * the CI scheduler), so the answer is always 204 with the runner's queue value.
   */
  @Post('request')
  @HttpCode(204)
  async request(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const params = requestJobParams.parse(collectParams(request));
    const runner = this.runners.require(params.token);
    const systemId = params.system_id || LEGACY_SYSTEM_ID;
    // Details the poll leaves out keep their stored values (an own property: system_id is free text).
    const info = managerInfoFrom(params.info, ownEntry(runner.managers, systemId)?.info);
    await this.heartbeats.beat(runner, heartbeatFromRequest(request, systemId, this.clock.now(), { info, finishCreation: true }));
    reply.header('X-GitLab-Last-Update', runnerQueueValue(runner));
  }
}
