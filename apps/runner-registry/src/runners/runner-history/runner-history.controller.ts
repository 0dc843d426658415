import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { runnerStreamId, readRunnerRefusal } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { collectParams, describeRoute, paginate } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { EVENT_STORE } from '../../kernel/tokens';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { toAuditEntry } from './audit-entry';
import { runnerHistoryParams, RunnerHistoryParams } from './runner-history.params';
import { listOf } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/runners/:id/history', {
  summary: "A runner's audit trail (beyond GitLab)",
  tag: 'runners',
  auth: 'user',
  params: RunnerHistoryParams,
  pagination: 'offset',
  responses: { 200: { description: "A page of the runner's events, oldest first", schema: listOf('AuditEntry') } },
  errors: { 404: '`404 Runner Not Found`' },
});

@Controller('api/v4/runners')
export class RunnerHistoryController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A runner's audit log: its stream `runner-<id>`, oldest first, offset-paginated as GitLab
   * does, with actor, time, event type and the changed fields, never a token or its digest.
   *
   * The checks are GET /runners/:id's, in its order: authentication (PAT scopes as for
   * `runner_by_id`), params, 404, then 403 unless the caller may read the runner. Access is
   * decided on the query model, so a deleted runner's history is a 404 like every other
   * `/runners/:id` endpoint: the runner is gone from the query model (its events stay in the log,
   * where the operator CLI's `history` still reads them).
   *
   * The access check reads the query model while the events come from the store; a command's
   * events are projected before it answers, so a client reads its own writes here too.
   */
  @Get(':id/history')
  async list(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw, 'runner_by_id');
    const params = runnerHistoryParams.parse(raw);
    const runner = this.lookup.requireAllowed(params.id, user, readRunnerRefusal);
    // One runner's stream is small (contacts are throttled, see decideHeartbeat), so it is read
    // whole and paginated in memory; the port has no stream length to count without reading.
    const events = await this.store.readStream(runnerStreamId(runner.id));
    const page = paginate(events, params, request, { baseUrl: this.config.externalUrl });
    reply.headers(page.headers);
    return page.items.map(toAuditEntry);
  }
}
