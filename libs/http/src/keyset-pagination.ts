/**
 * GitLab's cursor-based keyset pagination (lib/api/helpers/pagination_strategies.rb,
 * lib/gitlab/pagination/keyset/cursor_based_request_context.rb, cursor_pager.rb, header_builder.rb):
 * - `pagination=keyset` selects it; any other value (or none) is offset pagination;
 * - `order_by` defaults to id and `sort` to desc; an ordering the list does not support is
 *   `error!('Keyset pagination is not yet available for this type of request', 405)`;
 * - headers: X-Per-Page, and a Link with rel="next" only while there is a next page; no
 *   X-Total, X-Total-Pages, X-Page, X-Next-Page or X-Prev-Page;
 * - the next link is the request's URL on GitLab's host with every param plus the next cursor
 *   (HeaderBuilder: `params.merge(cursor: ...).to_query`).
 */
import { rawError } from './gitlab-errors';
import { DEFAULT_PER_PAGE, linkBase, MAX_PER_PAGE, type LinkRequest, type PageParams } from './offset-pagination';
import { toQuery } from './rails-query';
import { collectParams } from './request-params';

export type KeysetSort = 'asc' | 'desc';

export interface KeysetOrder {
  readonly orderBy: string;
  readonly sort: KeysetSort;
}

/** CursorBasedRequestContext's DEFAULT_SORT_COLUMN and DEFAULT_SORT_DIRECTION. */
export const DEFAULT_KEYSET_ORDER: KeysetOrder = { orderBy: 'id', sort: 'desc' };

/** `params[:pagination] == 'keyset'` (PaginationStrategies#keyset_pagination_enabled?). */
export function keysetRequested(params: { pagination?: unknown }): boolean {
  return params.pagination === 'keyset';
}

/**
 * The requested ordering when `supported` lists it, else GitLab's 405 (CursorBasedKeyset.available?
 * compares `{order_by => sort}` with the type's supported ordering; absent params take the defaults).
 */
export function keysetOrder(params: { order_by?: unknown; sort?: unknown }, supported: readonly KeysetOrder[]): KeysetOrder {
  const orderBy = params.order_by ?? DEFAULT_KEYSET_ORDER.orderBy;
  const sort = params.sort ?? DEFAULT_KEYSET_ORDER.sort;
  const match = supported.find((order) => order.orderBy === orderBy && order.sort === sort);
  if (!match) throw rawError(405, 'Keyset pagination is not yet available for this type of request');
  return match;
}

/** Rows served per keyset page: per_page as offset pages serve it (negative → 20, at most 100). */
export function keysetPerPage(params: PageParams): number {
  const requested = params.per_page ?? DEFAULT_PER_PAGE;
  return requested < 0 ? DEFAULT_PER_PAGE : Math.min(requested, MAX_PER_PAGE);
}

export interface KeysetHeaderOptions {
  readonly perPage: number;
  /** The cursor of the next page, or null on the last page. */
  readonly nextCursor: string | null;
  /** GitLab's configured external URL (scheme://host[:port]); defaults to the request's. */
  readonly baseUrl?: string;
}

/**
 * X-Per-Page, plus the rel="next" Link while there is a next page. `params` are the validated
 * params, laid over every request param as Grape's `params` are.
 */
export function keysetHeaders(request: LinkRequest, params: object, options: KeysetHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = { 'X-Per-Page': String(options.perPage) };
  if (options.nextCursor !== null) {
    const echoed = { ...collectParams({ query: request.query, body: request.body, params: request.params }), ...params, cursor: options.nextCursor };
    const path = request.url.split('?', 1)[0];
    headers.Link = `<${linkBase(request, options.baseUrl)}${path}?${toQuery(echoed)}>; rel="next"`;
  }
  return headers;
}
