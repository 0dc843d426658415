import { RUNNER_TYPES } from '@app/domain';
import type { ParamDeclarations } from '@app/http';
import { RUNNER_SCOPES, RUNNER_STATUS_FILTERS, VERSION_PREFIX_PATTERN, type RunnerFilters } from './runner-filters';

/** The filters every runner list accepts (lib/api/ci/runners.rb `filter_runners`). */
export const runnerListFilterParams = {
  scope: { type: 'string', values: RUNNER_SCOPES },
  type: { type: 'string', values: RUNNER_TYPES },
  paused: { type: 'boolean' },
  status: { type: 'string', values: RUNNER_STATUS_FILTERS },
  tag_list: { type: 'commaSeparatedArray' },
  version_prefix: { type: 'string', regexp: VERSION_PREFIX_PATTERN },
  /** Beyond GitLab's REST lists (GraphQL's `runners(search:)`): description contains the text, ignoring case. */
  search: { type: 'string', length: { max: 255 } },
} as const satisfies ParamDeclarations;

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
