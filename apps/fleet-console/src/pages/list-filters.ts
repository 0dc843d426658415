import { query } from '../api';
// The rule itself, plain TypeScript without imports, so that a live row leaves exactly when the API would no longer list it.
import { matchesRunnerSearch, parseRunnerSearch } from '../../../../libs/domain/src/runner/runner-search';

export interface ListFilters {
  status: string;
  type: string;
  paused: string;
  tag_list: string;
  /** The lists' `search` (beyond GitLab's REST): terms the description contains, as GitLab's runners page searches. */
  search: string;
  sort: 'desc' | 'asc';
}

export const FILTER_KEYS = ['status', 'type', 'paused', 'tag_list', 'search', 'sort'] as const;

export function filtersOf(search: URLSearchParams): ListFilters {
  return {
    status: search.get('status') ?? '',
    type: search.get('type') ?? '',
    paused: search.get('paused') ?? '',
    tag_list: search.get('tag_list') ?? '',
    search: search.get('search') ?? '',
    sort: search.get('sort') === 'asc' ? 'asc' : 'desc',
  };
}

/** The console's own URL for these filters: shareable, and Back returns to them (no token in it). */
export const consoleSearch = (filters: ListFilters): string => query({ ...filters, sort: filters.sort === 'desc' ? '' : 'asc' });

/** The first keyset page (README, "Keyset pagination"): order_by=id, the next page from the Link header. */
export const firstPageUrl = (base: string, filters: ListFilters, perPage: number): string =>
  `${base}?${query({
    pagination: 'keyset',
    order_by: 'id',
    sort: filters.sort,
    per_page: perPage,
    status: filters.status,
    type: filters.type,
    paused: filters.paused,
    tag_list: filters.tag_list.split(',').map((t) => t.trim()).filter(Boolean).join(','),
    search: filters.search.trim(),
  })}`;

/** Whether a runner as the live stream shows it still matches the filters (so a row can leave or stay). */
export function stillMatches(runner: { status: string; paused: boolean; runner_type: string; description?: string | null; tag_list?: string[] }, filters: ListFilters): boolean {
  const search = parseRunnerSearch(filters.search);
  if (search && !matchesRunnerSearch(search, runner.description ?? null)) return false;
  if (filters.status && filters.status !== runner.status && !(filters.status === 'paused' && runner.paused) && !(filters.status === 'active' && !runner.paused)) return false;
  if (filters.type && filters.type !== runner.runner_type) return false;
  if (filters.paused && String(runner.paused) !== filters.paused) return false;
  return true;
}
