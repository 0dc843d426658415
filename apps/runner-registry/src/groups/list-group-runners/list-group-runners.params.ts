import { IsDefined, IsString } from 'class-validator';
import { NoParams, paramsOf, WithOffsetPagination } from '@app/http';
import { WithRunnerFilters } from '@app/api/runners/runner-list.params';

class GroupParams extends NoParams {
  @IsDefined() @IsString() id: string | null;
}

/**
 * lib/api/ci/runners.rb `GET /groups/:id/runners`: the filters without the deprecated `scope`,
 * which is not declared here, so any value of it is ignored.
 */
export class ListGroupRunnersParams extends WithOffsetPagination(WithRunnerFilters(GroupParams)) {}

export const listGroupRunnersParams = paramsOf(ListGroupRunnersParams);
