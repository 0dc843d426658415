import { defineParams, mutuallyExclusive, atLeastOneOf } from '@app/http';
import { runnerListFilterParams } from '@app/api/runners/runner-list.params';

/** Most runners one call deletes (GitLab's GraphQL `bulkRunnerDelete` takes at most 100 ids). */
export const BULK_DELETE_LIMIT = 1000;

const FILTERS = Object.keys(runnerListFilterParams);

/**
 * `POST /runners/bulk_delete`: either `ids` (at most 1,000: `ids[]=1&ids[]=2`, `ids=1,2` or a JSON
 * array) or the filters of `GET /runners/all`, never both and never neither (an empty call must
 * not mean "everything"); `dry_run` only lists what would go.
 */
export const bulkDeleteRunnersParams = defineParams(
  {
    ids: { type: 'commaSeparatedArray', length: { min: 1, max: BULK_DELETE_LIMIT } },
    ...runnerListFilterParams,
    dry_run: { type: 'boolean', default: false },
  },
  [...FILTERS.map((filter) => mutuallyExclusive('ids', filter)), atLeastOneOf('ids', ...FILTERS)],
);
