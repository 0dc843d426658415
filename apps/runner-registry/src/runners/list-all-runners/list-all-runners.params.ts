import { NoParams, paramsOf, WithOffsetPagination } from '@app/http';
import { WithRunnerFilters, WithScopeFilter } from '@app/api/runners/runner-list.params';

/** lib/api/ci/runners.rb `GET /runners/all`. */
export class ListAllRunnersParams extends WithOffsetPagination(WithRunnerFilters(WithScopeFilter(NoParams))) {}

export const listAllRunnersParams = paramsOf(ListAllRunnersParams);
