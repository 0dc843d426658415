import { defineParams, offsetPaginationParams } from '@app/http';
import { runnerListFilterParams } from '@app/api/runners/runner-list.params';

const { scope: _deprecatedScope, ...groupFilterParams } = runnerListFilterParams;

/**
 * lib/api/ci/runners.rb `GET /groups/:id/runners`: the filters without the deprecated `scope`,
 * which is not declared here, so any value of it is ignored.
 */
export const listGroupRunnersParams = defineParams({
  id: { type: 'string', required: true },
  ...groupFilterParams,
  ...offsetPaginationParams,
});
