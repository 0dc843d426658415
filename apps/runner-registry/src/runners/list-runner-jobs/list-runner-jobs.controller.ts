import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectParams, decodeCursor, describeRoute, encodeCursor, keysetHeaders, keysetOrder, keysetPerPage, type Page, paginate } from '@app/http';
import type { JobView } from '@app/projections';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { JobPresenter } from './job.presenter';
import { listRunnerJobsParams, ListRunnerJobsParams } from './list-runner-jobs.params';
import { RunnerJobsQuery, type RunnerJobsFilter } from './runner-jobs.query';

/** lib/gitlab/pagination/cursor_based_keyset.rb SUPPORTED_ORDERING: `::Ci::Build => { id: :desc }`. */
const JOBS_KEYSET_ORDERS = [{ orderBy: 'id', sort: 'desc' }] as const;
import { listRunnerJobsRefusal } from '@app/domain';
import { listOf } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/runners/:id/jobs', {
  summary: 'The jobs a runner ran',
  tag: 'jobs',
  auth: 'user',
  params: ListRunnerJobsParams,
  pagination: 'keyset',
  responses: { 200: { description: 'A page of jobs', schema: listOf('Job') } },
  errors: { 404: '`404 Runner Not Found`' },
});

@Controller('api/v4/runners')
export class ListRunnerJobsController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
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
    const runner = this.lookup.requireAllowed(params.id, user, listRunnerJobsRefusal);
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
    keysetOrder(params, JOBS_KEYSET_ORDERS);
    const perPage = keysetPerPage(params);
    const beforeId = params.cursor ? decodeCursor(params.cursor) : null;
    const { items, hasNext } = this.query.keysetPage(filter, beforeId, perPage);
    const nextCursor = hasNext ? encodeCursor(items[items.length - 1].jobId) : null;
    const headers = keysetHeaders(request, params, { perPage, nextCursor, baseUrl: this.config.externalUrl });
    return { items, headers };
  }
}
