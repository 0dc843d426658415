import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectParams, decodeCursor, encodeCursor, keysetHeaders, keysetOrder, keysetPerPage, keysetRequested, paginate, type Page } from '@app/http';
import { rawError } from '@app/http/gitlab-errors';
import type { RunnerView } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { filtersFrom, type RunnerListInput } from './runner-list.params';
import type { RunnerMembership } from '@app/domain';
import { RunnerQueryService } from './runner-query.service';
import { RunnerPresenter, type RunnerEntity } from './runner.presenter';
import { ListTurns } from './list-turns';

type RunnerListParams = RunnerListInput & { page?: number | null; per_page?: number | null };

/**
 * GitLab paginates runner lists by offset only (`present paginate(runners)` in lib/api/ci/runners.rb);
 * this service also serves them by keyset, on GitLab's cursor-based conventions, in either id order.
 */
const RUNNER_KEYSET_ORDERS = [
  { orderBy: 'id', sort: 'desc' },
  { orderBy: 'id', sort: 'asc' },
] as const;

/** How many times a list waits for its search's scan; after that (the fleet replaced again and again) the list searches in one step. */
const MAX_SEARCH_SCANS = 3;

/**
 * The tail every runner list shares: GitLab's filters over the runners the caller may list,
 * offset or keyset pagination with links on GitLab's host, the Runner entity.
 */
@Injectable()
export class RunnerListResponder {
  constructor(
    private readonly query: RunnerQueryService,
    private readonly presenter: RunnerPresenter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly turns: ListTurns,
  ) {}

  /**
   * Synchronous unless the list searches for something new (the first ask of a search tests the
   * fleet in turns of the event loop), or the fleet's polls are keeping the loop busy: then the list
   * waits its turn (see ListTurns).
   */
  respond(request: FastifyRequest, reply: FastifyReply, params: RunnerListParams, membership?: RunnerMembership, scans = 0): RunnerEntity[] | Promise<RunnerEntity[]> {
    const ready = scans < MAX_SEARCH_SCANS ? this.query.ready(filtersFrom(params)) : undefined;
    // Asked again once ready: a scan voided meanwhile (the fleet replaced wholesale) is started over rather than done in one step.
    if (ready) return ready.then(() => this.respond(request, reply, params, membership, scans + 1));
    // What the request took before its turn (routing, authentication, params) counts into its cost;
    // after a scan its elapsed time is mostly other requests' turns, so nothing is counted then.
    return this.inTurn(request, reply, params, membership, scans === 0 ? reply.elapsedTime : 0);
  }

  private inTurn(request: FastifyRequest, reply: FastifyReply, params: RunnerListParams, membership: RunnerMembership | undefined, spentMs: number): RunnerEntity[] | Promise<RunnerEntity[]> {
    const turn = this.turns.turn(reply.raw, spentMs);
    if (turn === undefined) return this.answer(request, reply, params, membership);
    return turn.then(() => this.answer(request, reply, params, membership));
  }

  private answer(request: FastifyRequest, reply: FastifyReply, params: RunnerListParams, membership?: RunnerMembership): RunnerEntity[] {
    // pagination, order_by, sort and cursor are not declared on these endpoints, so offset pages ignore them.
    const raw = collectParams(request);
    const page = keysetRequested(raw) ? this.keysetPage(request, params, raw, membership) : this.offsetPage(request, params, membership);
    reply.headers(page.headers);
    return this.presenter.list(page.items);
  }

  private offsetPage(request: FastifyRequest, params: RunnerListParams, membership?: RunnerMembership): Page<RunnerView> {
    return paginate(this.query.list(filtersFrom(params), membership), params, request, { baseUrl: this.config.externalUrl });
  }

  /** The order is checked before the cursor is read, as GitLab's paginator does (405 before 400). */
  private keysetPage(request: FastifyRequest, params: RunnerListParams, raw: Record<string, unknown>, membership?: RunnerMembership): Page<RunnerView> {
    const order = keysetOrder(raw, RUNNER_KEYSET_ORDERS);
    const perPage = keysetPerPage(params);
    const seek = { lastId: cursorId(raw.cursor), descending: order.sort === 'desc', limit: perPage };
    const { items, hasNext } = this.query.keysetPage(filtersFrom(params), membership, seek);
    const nextCursor = hasNext ? encodeCursor(items[items.length - 1].id) : null;
    return { items, headers: keysetHeaders(request, params, { perPage, nextCursor, baseUrl: this.config.externalUrl }) };
  }
}

/** A blank cursor is the first page (the paginator's `cursor.blank?`). */
function cursorId(cursor: unknown): number | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  if (typeof cursor !== 'string') throw rawError(400, 'cursor is invalid');
  return decodeCursor(cursor);
}
