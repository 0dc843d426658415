import type { RunnerView } from '@app/projections';

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
}

export interface FilterContext {
  matchesStatus(filter: string, runner: RunnerView): boolean;
  /** Versions of the runner's managers; a runner matches a version prefix through any of them. */
  versions(runner: RunnerView): readonly string[];
}

function matchesScope(scope: string, runner: RunnerView, context: FilterContext): boolean {
  switch (scope) {
    case 'shared':
      return runner.runnerType === 'instance_type';
    case 'specific':
      return runner.runnerType !== 'instance_type';
    case 'instance_type':
    case 'group_type':
    case 'project_type':
      return runner.runnerType === scope;
    default:
      return context.matchesStatus(scope, runner);
  }
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

/** GitLab's filter order: scope, type, status, paused, version_prefix, tag_list; all ANDed. Null when nothing filters. */
export function runnerMatcher(filters: RunnerFilters, context: FilterContext): ((runner: RunnerView) => boolean) | null {
  const tags = filters.tagList ?? [];
  const unfiltered = Object.values(filters).every((value) => value === undefined) && tags.length === 0;
  if (unfiltered) return null;
  return (runner) =>
    (filters.scope === undefined || matchesScope(filters.scope, runner, context)) &&
    (filters.type === undefined || runner.runnerType === filters.type) &&
    (filters.status === undefined || context.matchesStatus(filters.status, runner)) &&
    (filters.paused === undefined || runner.paused === filters.paused) &&
    (filters.versionPrefix === undefined || context.versions(runner).some((v) => matchesVersionPrefix(filters.versionPrefix!, v))) &&
    tags.every((tag) => runner.tagList.includes(tag));
}
