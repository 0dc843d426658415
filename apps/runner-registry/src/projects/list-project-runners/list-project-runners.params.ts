import { defineParams, offsetPaginationParams } from '@app/http';
import { runnerListFilterParams } from '@app/api/runners/runner-list.params';

/** lib/api/ci/runners.rb `GET /projects/:id/runners`: every filter, `scope` included (`specific`, `shared` too). */
export const listProjectRunnersParams = defineParams({
  id: { type: 'string', required: true },
  ...runnerListFilterParams,
  ...offsetPaginationParams,
});
