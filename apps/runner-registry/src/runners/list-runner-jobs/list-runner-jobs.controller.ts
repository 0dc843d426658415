import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectParams, DEFAULT_PER_PAGE, MAX_PER_PAGE, paginate, toQuery, type Page } from '@app/http';
import { rawError } from '@app/http/gitlab-errors';
import type { JobView } from '@app/projections';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { RunnerAccess } from '@app/api/runners/runner-access';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { JobPresenter } from './job.presenter';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { listRunnerJobsParams, type ListRunnerJobsParams } from './list-runner-jobs.params';
import { RunnerJobsQuery, type RunnerJobsFilter } from './runner-jobs.query';

@Controller('api/v4/runners')
export class ListRunnerJobsController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
    private readonly access: RunnerAccess,
    private readonly query: RunnerJobsQuery,
    private readonly presenter: JobPresenter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The jobs a runner ran (GitLab lib/api/ci/runners.rb), in GitLab's check order: authentication, params, 404,
   * 403 without read_builds, then the pagination strategy (405 for an unsupported keyset order).
   */
  @Get(':id/jobs')
  list(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw, 'runner_by_id');
    const params = listRunnerJobsParams.parse(raw);
    const runner = this.lookup.requireWith(params.id, user, (u, r) => this.access.canReadAll(u) || this.access.can(u, r, 'read_builds'));
    const filter: RunnerJobsFilter = {
      runnerId: runner.id,
      // GitLab filters on `system_id.present?`: a blank one is no filter at all.
      systemId: params.system_id?.trim() ? params.system_id : undefined,
      status: params.status ?? undefined,
      visibleProject: this.query.projectFilter(user),
    };
    const page = params.pagination === 'keyset' ? this.keysetPage(filter, params, request) : this.offsetPage(filter, params, request);
    reply.headers(page.headers);
    return this.presenter.list(page.items);
  }

  /**
   * Without order_by the paginator's id ASC; with order_by=id the requested sort. Filtering by
   * manager skips the counts (X-Total, X-Total-Pages, rel="last"), as GitLab does.
   */
  private offsetPage(filter: RunnerJobsFilter, params: ListRunnerJobsParams, request: FastifyRequest): Page<JobView> {
    const descending = params.order_by === 'id' && params.sort === 'desc';
    return paginate(this.query.offsetSource(filter, descending), params, request, {
      baseUrl: this.config.externalUrl,
      skipCounts: filter.systemId !== undefined,
    });
  }

  /**
   * GitLab's cursor-based keyset pager supports jobs in id DESC order only (order_by defaults to
   * id and sort to desc). Headers: X-Per-Page, and a Link rel="next" carrying the cursor while
   * there is a next page; no totals.
   */
  private keysetPage(filter: RunnerJobsFilter, params: ListRunnerJobsParams, request: FastifyRequest): Page<JobView> {
    if ((params.order_by ?? 'id') !== 'id' || params.sort !== 'desc') {
      throw rawError(405, 'Keyset pagination is not yet available for this type of request');
    }
    const requested = params.per_page ?? DEFAULT_PER_PAGE;
    const perPage = requested < 0 ? DEFAULT_PER_PAGE : Math.min(requested, MAX_PER_PAGE);
    const beforeId = params.cursor ? decodeCursor(params.cursor) : null;
    const { items, hasNext } = this.query.keysetPage(filter, beforeId, perPage);
    const headers: Record<string, string> = { 'X-Per-Page': String(perPage) };
    if (hasNext) {
      const query = toQuery({ ...collectParams(request), ...params, cursor: encodeCursor(items[items.length - 1].jobId) });
      headers.Link = `<${this.config.externalUrl}${request.url.split('?', 1)[0]}?${query}>; rel="next"`;
    }
    return { items, headers };
  }
}
