import { defineParams } from '@app/http';
import { offsetPaginationParams } from '@app/http';
import { runnerListFilterParams } from '../shared/runner-list.params';

/** lib/api/ci/runners.rb `GET /runners/all`. */
export const listAllRunnersParams = defineParams({ ...runnerListFilterParams, ...offsetPaginationParams });
