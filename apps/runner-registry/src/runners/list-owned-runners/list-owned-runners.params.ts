import { defineParams } from '@app/http';
import { offsetPaginationParams } from '@app/http';
import { runnerListFilterParams } from '@app/api/runners/runner-list.params';

/** lib/api/ci/runners.rb `GET /runners`: Grape accepts every scope; the endpoint then refuses those that are not statuses. */
export const listOwnedRunnersParams = defineParams({ ...runnerListFilterParams, ...offsetPaginationParams });
