import { defineParams } from '@app/http';
import { offsetPaginationParams } from '@app/http';
import { runnerListFilterParams } from '@app/api/runners/runner-list.params';

/** lib/api/ci/runners.rb `GET /runners/all`. */
export const listAllRunnersParams = defineParams({ ...runnerListFilterParams, ...offsetPaginationParams });
