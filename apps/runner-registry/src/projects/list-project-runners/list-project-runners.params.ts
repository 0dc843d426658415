import { defineParams, offsetPaginationParams } from '@app/http';
import { runnerListFilterParams } from '../../runners/shared/runner-list.params';

/** lib/api/ci/runners.rb `GET /projects/:id/runners`: every filter, `scope` included (`specific`, `shared` too). */
export const listProjectRunnersParams = defineParams({
  id: { type: 'string', required: true },
  ...runnerListFilterParams,
  ...offsetPaginationParams,
});
