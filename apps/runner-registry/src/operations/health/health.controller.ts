import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ReadinessChecks } from './readiness-checks';
import { describeRoute } from '@app/http';
import { ref } from '@app/api/api-entities.schema';

describeRoute('GET', '/-/liveness', {
  summary: 'Liveness probe: the process and its event loop answer',
  tag: 'operations',
  auth: 'none',
  responses: { 200: { description: 'Alive', schema: ref('HealthReport') } },
});
describeRoute('GET', '/-/readiness', {
  summary: 'Readiness probe: stores reachable, query models caught up, not shutting down',
  tag: 'operations',
  auth: 'none',
  responses: { 200: { description: 'Ready', schema: ref('HealthReport') }, 503: { description: 'Not ready: the failing checks', schema: ref('HealthReport') } },
});
describeRoute('GET', '/-/health', {
  summary: 'Health check: the application server runs',
  tag: 'operations',
  auth: 'none',
  responses: { 200: { description: '`runner-registry OK`', contentType: 'text/plain', schema: { type: 'string' } } },
});

/**
 * GitLab's probe endpoints (its `/-/liveness`, `/-/readiness`, `/-/health`), without
 * authentication, as GitLab serves them to its allow-list: they show states and positions, never
 * a runner, user or token.
 * - liveness: the process and its event loop answer; nothing else (a restart would not fix a store outage);
 * - readiness: 200 or 503 with terminus's report of every check (see ReadinessChecks);
 * - health: GitLab's plain-text answer that the application server runs.
 */
@Controller('-')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readinessChecks: ReadinessChecks,
  ) {}

  @Get('liveness')
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('readiness')
  async readiness(@Res() reply: FastifyReply): Promise<void> {
    try {
      await reply.header('cache-control', 'no-store').send(await this.health.check(this.readinessChecks.checks()));
    } catch (error) {
      // Terminus reports a failing check as a 503 carrying the whole report; the GitLab exception filter would flatten it.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      await reply.code(503).header('cache-control', 'no-store').send(error.getResponse());
    }
  }

  @Get('health')
  async healthText(@Res() reply: FastifyReply): Promise<void> {
    await reply
      .header('content-type', 'text/plain; charset=utf-8')
      .serializer((body: unknown) => body as string)
      .send('runner-registry OK');
  }
}
