import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { describeRoute } from '@app/http';

describeRoute('GET', '/metrics', {
  summary: 'Prometheus metrics (keep it behind a network allow-list)',
  tag: 'operations',
  auth: 'none',
  responses: { 200: { description: 'Metrics in Prometheus text format', contentType: 'text/plain', schema: { type: 'string' } } },
});

/**
 * GET /metrics in Prometheus text format, without authentication, like GitLab's own `/-/metrics`
 * minus its IP allow-list: it shows counts and positions only (no runner, user, token or payload),
 * and a scraper with a token to rotate is one more secret to leak. Keep the path off the public
 * ingress (or put an allow-list in front of it, as GitLab's monitoring_whitelist does).
 */
@Controller()
export class MetricsController {
  constructor(@Inject(Registry) private readonly registry: Registry) {}

  @Get('metrics')
  async metrics(@Res() reply: FastifyReply): Promise<void> {
    const text = await this.registry.metrics();
    // The app's default serializer writes JSON; this body is already text.
    await reply
      .header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .serializer((body: unknown) => body as string)
      .send(text);
  }
}
