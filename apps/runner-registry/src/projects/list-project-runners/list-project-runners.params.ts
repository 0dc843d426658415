import { IsDefined, IsString } from 'class-validator';
import { NoParams, paramsOf, WithOffsetPagination } from '@app/http';
import { WithRunnerFilters, WithScopeFilter } from '@app/api/runners/runner-list.params';

class ProjectParams extends NoParams {
  @IsDefined() @IsString() id: string | null;
}

/** lib/api/ci/runners.rb `GET /projects/:id/runners`: every filter, `scope` included (`specific`, `shared` too). */
export class ListProjectRunnersParams extends WithOffsetPagination(WithRunnerFilters(WithScopeFilter(ProjectParams))) {}

export const listProjectRunnersParams = paramsOf(ListProjectRunnersParams);
