import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RUNNER_TYPES } from '@app/domain';
import { IsCommaSeparatedArray, type ParamsBase } from '@app/http';
import { RUNNER_SCOPES, RUNNER_STATUS_FILTERS, VERSION_PREFIX_PATTERN, type RunnerFilters } from './runner-filters';

/** The deprecated `scope` filter, which `GET /groups/:id/runners` does not declare. */
export function WithScopeFilter<B extends ParamsBase>(Base: B) {
  class ScopeFilterParams extends Base {
    @IsOptional() @IsString() @IsIn(RUNNER_SCOPES) scope?: string | null;
  }
  return ScopeFilterParams;
}

/** The filters every runner list accepts after `scope` (lib/api/ci/runners.rb `filter_runners`). */
export function WithRunnerFilters<B extends ParamsBase>(Base: B) {
  class RunnerFilterParams extends Base {
    @IsOptional() @IsString() @IsIn(RUNNER_TYPES) type?: string | null;
    @IsOptional() @IsBoolean() paused?: boolean | null;
    @IsOptional() @IsString() @IsIn(RUNNER_STATUS_FILTERS) status?: string | null;
    @IsOptional() @IsCommaSeparatedArray() tag_list?: string[] | null;
    @IsOptional() @IsString() @Matches(VERSION_PREFIX_PATTERN) version_prefix?: string | null;
    /** Beyond GitLab's REST lists (its runners page and GraphQL `runners(search:)` have it): GitLab's description search, see parseRunnerSearch. */
    @IsOptional() @IsString() @MaxLength(255) search?: string | null;
  }
  return RunnerFilterParams;
}

/** Every filter's name, `scope` first, as the lists declare them. */
export const RUNNER_FILTER_NAMES = ['scope', 'type', 'paused', 'status', 'tag_list', 'version_prefix', 'search'] as const;

export interface RunnerListInput {
  scope?: string | null;
  type?: string | null;
  paused?: boolean | null;
  status?: string | null;
  tag_list?: string[] | null;
  version_prefix?: string | null;
  search?: string | null;
}

export function filtersFrom(input: RunnerListInput): RunnerFilters {
  return {
    scope: input.scope ?? undefined,
    type: input.type ?? undefined,
    status: input.status ?? undefined,
    paused: input.paused ?? undefined,
    versionPrefix: input.version_prefix ?? undefined,
    tagList: input.tag_list ?? undefined,
    // An empty search box filters nothing.
    search: input.search || undefined,
  };
}
