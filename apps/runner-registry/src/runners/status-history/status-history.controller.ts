import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { statusHistoryRefusal } from '@app/domain';
import { collectParams, describeRoute } from '@app/http';
import { refuseIf } from '@app/http/domain-error.http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { StatusHistoryProjection } from '@app/projections';
import { Clock } from '@app/common/clock';
import { statusHistoryParams, StatusHistoryParams } from './status-history.params';
import { statusSeries } from './status-history.series';

describeRoute('GET', '/api/v4/runners/status_history', {
  summary: "The fleet's status counts over the last 24 hours or 7 days (beyond GitLab, for the fleet console)",
  tag: 'runners',
  auth: 'user',
  params: StatusHistoryParams,
  responses: {
    200: {
      description: 'Points oldest first, one per bucket start (15 minutes for 24h, an hour for 7d) and one at now',
      schema: {
        type: 'object',
        required: ['period', 'bucket_seconds', 'points'],
        properties: {
          period: { type: 'string', enum: ['24h', '7d'] },
          bucket_seconds: { type: 'integer' },
          points: {
            type: 'array',
            items: {
              type: 'object',
              required: ['time', 'online', 'offline', 'stale', 'never_contacted'],
              properties: {
                time: { type: 'string', format: 'date-time' },
                online: { type: 'integer' },
                offline: { type: 'integer' },
                stale: { type: 'integer' },
                never_contacted: { type: 'integer' },
              },
            },
          },
        },
      },
    },
  },
  errors: { 403: 'administrators and auditors only: `403 Forbidden`' },
});

@Controller('api/v4/runners')
export class StatusHistoryController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly history: StatusHistoryProjection,
    private readonly clock: Clock,
  ) {}

  /**
   * Beyond GitLab, for the fleet console's chart: the fleet's status counts over the last 24 hours
   * or 7 days, as the status filters of GET /runners/all counted them at each bucket start (from
   * the status-history query model: no request reads the log). Checks in GET /runners/all's order:
   * authentication, params, then administrators and auditors only.
   */
  @Get('status_history')
  get(@Req() request: FastifyRequest) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    const params = statusHistoryParams.parse(raw);
    refuseIf(statusHistoryRefusal(user));
    return statusSeries(params.period, this.clock.now().getTime(), (time) => this.history.countsAt(time));
  }
}
