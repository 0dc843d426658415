/**
 * GitLab's offset pagination (Gitlab::Pagination::OffsetPagination + OffsetHeaderBuilder
 * over Kaminari with default_per_page 20, max_per_page 100):
 * - page < 1 is page 1; per_page < 0 falls back to 20; per_page > 100 is served as 100
 *   (X-Per-Page says 100) while links keep the requested per_page, as GitLab's do;
 * - X-Per-Page, X-Page, X-Next-Page, X-Prev-Page and Link are always sent ("" when absent);
 *   X-Total and X-Total-Pages (at least 1) only when counting;
 * - counting is skipped when more than 10,000 rows match (GitLab's limited COUNT) or when
 *   asked (`skipCounts`, e.g. jobs filtered by system_id); then the next page is detected
 *   by fetching one extra row and rel="last" is omitted;
 * - a page past the end has neither prev nor next (Kaminari's out_of_range?).
 * Link URLs keep the request's scheme, host and path (or `baseUrl` for GitLab's configured
 * host) and carry all request params, sorted as by Rails' to_query, plus page and per_page.
 */
import type { FastifyRequest } from 'fastify';
import { paramsInvalid } from './gitlab-errors';
import { IsInt, IsNotIn, IsOptional } from 'class-validator';
import { declarationsOf } from './dto-params';
import { Default, NoParams, type ParamsBase } from './param-constraints';
import { collectParams } from './request-params';
import { toQuery } from './rails-query';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
/** Kaminari::ActiveRecordRelationMethods::MAX_COUNT_LIMIT in GitLab. */
export const MAX_COUNT_LIMIT = 10_000;

/** GitLab's `use :pagination`, mixed into an endpoint's params class after its own params. */
export function WithOffsetPagination<B extends ParamsBase>(Base: B) {
  class OffsetPaginationParams extends Base {
    @IsOptional() @IsInt() @Default(1) page: number;
    @IsOptional() @IsInt() @Default(DEFAULT_PER_PAGE) @IsNotIn([0]) per_page: number;
  }
  return OffsetPaginationParams;
}

/** The same declarations for defineParams users (spread into their declarations). */
export const offsetPaginationParams = declarationsOf(WithOffsetPagination(NoParams)).declarations as {
  readonly page: { readonly type: 'integer'; readonly default: 1 };
  readonly per_page: { readonly type: 'integer'; readonly default: typeof DEFAULT_PER_PAGE; readonly exceptValues: readonly [0] };
};

/** Lets a store serve one page without materialising the whole list. */
export interface PageSource<T> {
  /** Number of matching rows, but never more than `limit` (a LIMITed COUNT). */
  countUpTo(limit: number): number;
  slice(offset: number, limit: number): readonly T[];
}

/** The validated params of the endpoint (at least page/per_page; null/absent → defaults). */
export interface PageParams {
  page?: number | null;
  per_page?: number | null;
}

export type LinkRequest = Pick<FastifyRequest, 'url' | 'protocol' | 'headers'> &
  Partial<Pick<FastifyRequest, 'query' | 'body' | 'params'>>;

export interface PaginateOptions {
  /** Kaminari `without_count`: no totals, no rel="last". */
  skipCounts?: boolean;
  /** GitLab's configured external URL (scheme://host[:port]); defaults to the request's. */
  baseUrl?: string;
  /**
   * Params echoed in Link URLs. Defaults to Grape's `params`: every request param (query,
   * body, route) overlaid with the validated values, so coerced values appear as GitLab
   * shows them (tag_list as tag_list[]=..., paused=1 as paused=true).
   */
  linkParams?: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export function paginate<T>(
  source: readonly T[] | PageSource<T>,
  params: PageParams,
  request: LinkRequest,
  options: PaginateOptions = {},
): Page<T> {
  const pageSource = isPageSource(source) ? source : arraySource(source);
  const { currentPage, limit, linkPerPage } = resolvePageSize(params);
  const href = pageHrefBuilder(request, params, options, linkPerPage);
  const offset = (currentPage - 1) * limit;

  const limitedCount = options.skipCounts ? null : pageSource.countUpTo(MAX_COUNT_LIMIT + 1);
  if (limitedCount === null || limitedCount > MAX_COUNT_LIMIT) {
    const rows = pageSource.slice(offset, limit + 1);
    const items = rows.slice(0, limit);
    const outOfRange = items.length === 0;
    return {
      items,
      headers: buildHeaders(href, {
        perPage: limit,
        page: currentPage,
        nextPage: !outOfRange && rows.length > limit ? currentPage + 1 : null,
        prevPage: !outOfRange && currentPage > 1 ? currentPage - 1 : null,
        totals: null,
      }),
    };
  }

  const total = limitedCount;
  const totalPages = Math.ceil(total / limit);
  const outOfRange = currentPage > totalPages;
  const items = outOfRange ? [] : [...pageSource.slice(offset, limit)];
  return {
    items,
    headers: buildHeaders(href, {
      perPage: limit,
      page: currentPage,
      nextPage: outOfRange || currentPage === totalPages ? null : currentPage + 1,
      prevPage: outOfRange || currentPage === 1 ? null : currentPage - 1,
      totals: { total, totalPages: Math.max(totalPages, 1) },
    }),
  };
}

function isPageSource<T>(source: readonly T[] | PageSource<T>): source is PageSource<T> {
  return !Array.isArray(source);
}

function arraySource<T>(items: readonly T[]): PageSource<T> {
  return {
    countUpTo: (limit) => Math.min(items.length, limit),
    slice: (offset, limit) => items.slice(offset, offset + limit),
  };
}

function resolvePageSize(params: PageParams): { currentPage: number; limit: number; linkPerPage: number } {
  const requestedPerPage = params.per_page ?? DEFAULT_PER_PAGE;
  // Grape rejects 0 before any handler runs; this guards callers that skipped validation.
  if (requestedPerPage === 0) throw paramsInvalid(['per_page has a value not allowed']);
  const limit = requestedPerPage < 0 ? DEFAULT_PER_PAGE : Math.min(requestedPerPage, MAX_PER_PAGE);
  const page = params.page ?? 1;
  return { currentPage: page < 1 ? 1 : page, limit, linkPerPage: requestedPerPage };
}

interface HeaderValues {
  perPage: number;
  page: number;
  nextPage: number | null;
  prevPage: number | null;
  totals: { total: number; totalPages: number } | null;
}

function buildHeaders(href: (page: number) => string, values: HeaderValues): Record<string, string> {
  const links: string[] = [];
  if (values.prevPage !== null) links.push(`<${href(values.prevPage)}>; rel="prev"`);
  if (values.nextPage !== null) links.push(`<${href(values.nextPage)}>; rel="next"`);
  links.push(`<${href(1)}>; rel="first"`);
  if (values.totals) links.push(`<${href(values.totals.totalPages)}>; rel="last"`);

  const headers: Record<string, string> = {
    'X-Per-Page': String(values.perPage),
    'X-Page': String(values.page),
    'X-Next-Page': values.nextPage === null ? '' : String(values.nextPage),
    'X-Prev-Page': values.prevPage === null ? '' : String(values.prevPage),
    Link: links.join(', '),
  };
  if (values.totals) {
    headers['X-Total'] = String(values.totals.total);
    headers['X-Total-Pages'] = String(values.totals.totalPages);
  }
  return headers;
}

function pageHrefBuilder(
  request: LinkRequest,
  params: PageParams,
  options: PaginateOptions,
  linkPerPage: number,
): (page: number) => string {
  const base = linkBase(request, options.baseUrl);
  const path = request.url.split('?', 1)[0];
  const echoed = withoutPaging(
    options.linkParams ?? { ...collectParams({ query: request.query, body: request.body, params: request.params }), ...params },
  );
  return (page) => `${base}${path}?${toQuery({ ...echoed, page, per_page: linkPerPage })}`;
}

/** scheme://host of page links: GitLab's configured host when given, else the request's. */
export function linkBase(request: Pick<LinkRequest, 'protocol' | 'headers'>, baseUrl?: string): string {
  return baseUrl !== undefined ? withoutTrailingSlashes(baseUrl) : `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

/** Copies own keys into a plain object minus page/per_page, which are re-added. */
function withoutPaging(params: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(params)) {
    if (key !== 'page' && key !== 'per_page' && key !== '__proto__') copy[key] = params[key];
  }
  return copy;
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end--;
  return url.slice(0, end);
}
