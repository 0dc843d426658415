import { parseRunnerSearch } from '@app/domain';

export const RUNNER_SCOPES = ['specific', 'shared', 'instance_type', 'group_type', 'project_type', 'active', 'paused', 'online', 'offline', 'never_contacted', 'stale'] as const;
export const RUNNER_STATUS_FILTERS = ['active', 'paused', 'online', 'offline', 'never_contacted', 'stale'] as const;
/** Only the start is anchored, as in GitLab: `15abc` passes, `V15` does not. */
export const VERSION_PREFIX_PATTERN = /^[\d+.]+/;

export interface RunnerFilters {
  readonly scope?: string;
  readonly type?: string;
  readonly status?: string;
  readonly paused?: boolean;
  readonly versionPrefix?: string;
  readonly tagList?: readonly string[];
  /** Beyond GitLab's REST lists (its GraphQL `runners(search:)` has it): see parseRunnerSearch. */
  readonly search?: string;
}

/** True when no filter narrows the list: none given, or only an empty tag list or a blank search (which filter nothing, as in GitLab). */
export function filtersNothing(filters: RunnerFilters): boolean {
  const { tagList, search, ...others } = filters;
  return Object.values(others).every((value) => value === undefined) && !tagList?.length && (search === undefined || parseRunnerSearch(search) === null);
}

/**
 * GitLab compares whole leading parts: `15` and `15.` match 15.0.3 but not 150.1.0, `15.0` matches
 * 15.0.x, and a three-part prefix must equal the version's first three parts.
 */
export function matchesVersionPrefix(prefix: string, version: string): boolean {
  const parts = prefix.split('.').filter((p) => p !== '');
  if (parts.length === 0) return false;
  if (parts.length >= 3) return /^\d+\.\d+\.\d+/.exec(version)?.[0] === parts.join('.');
  const leading = new RegExp(`^(?:\\d+\\.){${parts.length}}`).exec(version)?.[0];
  return leading === `${parts.join('.')}.`;
}
