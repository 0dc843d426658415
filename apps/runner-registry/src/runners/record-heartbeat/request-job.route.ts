import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LEGACY_SYSTEM_ID, ownEntry } from '@app/domain';
import type { RunnerView } from '@app/projections';
import { BODY_LIMIT, collectParams, createJsonBodyParser, jsonBodyFastPath, renderFailure, describeRoute } from '@app/http';
import { apiError, forbidden } from '@app/http/gitlab-errors';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { digestToken } from '@app/common/token-issuer';
import { Clock } from '@app/common/clock';
import { heartbeatFromRequest } from '@app/api/runners/heartbeat-from-request';
import { HeartbeatService } from './heartbeat.service';
import { managerInfoFrom } from './manager-info';
import { RunnerTokenAuthenticator } from '@app/api/runners/runner-token-authenticator';
import { requestJobParams, RequestJobParams } from './request-job.params';
import { FixedWindowRateLimiter } from './fixed-window-rate-limiter';
import { runnerQueueValue } from './runner-queue';

const TOO_MANY_REQUESTS = { error: 'This endpoint has been requested too many times. Try again later.' };
/** GitLab's check_rate_limit! (lib/api/helpers/rate_limiter.rb) tells the client to wait out the minute. */
const RETRY_AFTER = { 'Retry-After': '60' };

describeRoute('POST', '/api/v4/jobs/request', {
  summary: "The runner agent's poll for a job (records contact)",
  description: 'Job dispatch belongs to the CI scheduler: the answer is always 204.',
  tag: 'jobs',
  auth: 'runner',
  params: RequestJobParams,
  responses: { 204: { description: 'No job', headers: { 'X-GitLab-Last-Update': { description: "The runner's queue value: ask again when it changes" } } } },
  errors: { 429: '`{"message":{"error":"This endpoint has been requested too many times. Try again later."}}`, with `Retry-After: 60`' },
});

/**
 * `POST /api/v4/jobs/request`, the gitlab-runner agent's poll. Every runner of a fleet sends it
 * every few seconds, so it is served by Fastify directly rather than through Nest's per-request
 * pipeline (a third of its cost here), and its plain JSON body is read by jsonBodyFastPath rather
 * than Fastify's parser (which made it promote 8 KB a poll into the old generation instead of 4).
 * It still goes through the same JSON parsing, hooks, services and GitLab error rendering as every
 * other route, and any other body (a form, the query string) through the usual parsers.
 *
 * It counts as contact for the runner and its manager and finishes a created runner's creation.
 * This registry schedules no jobs (dispatch belongs to the CI scheduler), so the answer is always
 * 204 with the runner's queue value.
 */
@Injectable()
export class RequestJobRoute implements OnModuleInit {
  private readonly logger = new Logger('RequestJob');
  private readonly rateLimiter: FixedWindowRateLimiter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly runners: RunnerTokenAuthenticator,
    private readonly heartbeats: HeartbeatService,
    private readonly clock: Clock,
  ) {
    this.rateLimiter = new FixedWindowRateLimiter(config.runnerJobsRequestApiLimit, 60_000);
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const handle = (request: FastifyRequest, reply: FastifyReply) => {
      this.handle(request, reply);
    };
    // The agent's plain JSON poll skips Fastify's body parser (see jsonBodyFastPath); other bodies take the usual path.
    const onRequest = jsonBodyFastPath({ parse: createJsonBodyParser(fastify), limit: BODY_LIMIT, handle, fail: (error, request, reply) => this.fail(error, request, reply) });
    fastify.post('/api/v4/jobs/request', { onRequest }, handle);
  }

  /** Synchronous unless the poll must be stored (see HeartbeatService.beat): no promise per poll. */
  private handle(request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
    try {
      const params = requestJobParams.parse(collectParams(request));
      const now = this.clock.now();
      // As GitLab: limited per token digest before authentication, so unknown tokens count too.
      if (!params.token) throw forbidden();
      const tokenDigest = digestToken(params.token);
      if (!this.rateLimiter.allow(tokenDigest, now.getTime())) throw apiError(429, TOO_MANY_REQUESTS, RETRY_AFTER);
      const runner = this.runners.findByDigest(tokenDigest);
      if (!runner) throw forbidden();
      const systemId = params.system_id || LEGACY_SYSTEM_ID;
      // Details the poll leaves out keep their stored values (an own property: system_id is free text).
      const info = managerInfoFrom(params.info, ownEntry(runner.managers, systemId)?.info);
      const storing = this.heartbeats.beat(runner, heartbeatFromRequest(request, systemId, now, { info, finishCreation: true }), request.id);
      if (storing === undefined) return this.answer(reply, runner);
      return storing.then(
        () => this.answer(reply, runner),
        (error: unknown) => this.fail(error, request, reply),
      );
    } catch (error) {
      this.fail(error, request, reply);
    }
  }

  private answer(reply: FastifyReply, runner: RunnerView): undefined {
    reply.code(204).header('X-GitLab-Last-Update', runnerQueueValue(runner)).send();
    return undefined;
  }

  private fail(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    renderFailure(error, request, reply, this.logger);
  }
}
