import { NoParams, paramsOf, WithOffsetPagination } from '@app/http';
import { WithRunnerFilters, WithScopeFilter } from '@app/api/runners/runner-list.params';

/** lib/api/ci/runners.rb `GET /runners`: Grape accepts every scope; the endpoint then refuses those that are not statuses. */
export class ListOwnedRunnersParams extends WithOffsetPagination(WithRunnerFilters(WithScopeFilter(NoParams))) {}

export const listOwnedRunnersParams = paramsOf(ListOwnedRunnersParams);
