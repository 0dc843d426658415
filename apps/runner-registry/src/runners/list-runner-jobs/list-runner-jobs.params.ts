import { IsDefined, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { JOB_STATUSES } from '@app/domain';
import { Default, NoParams, paramsOf, WithOffsetPagination } from '@app/http';

class RunnerJobsFilterParams extends NoParams {
  @IsDefined() @IsInt() id: number | null;
  @IsOptional() @IsString() system_id?: string | null;
  @IsOptional() @IsString() @IsIn(JOB_STATUSES) status?: (typeof JOB_STATUSES)[number] | null;
  @IsOptional() @IsString() @IsIn(['id']) order_by?: 'id' | null;
  @IsOptional() @IsString() @IsIn(['asc', 'desc']) @Default('desc') sort: 'asc' | 'desc';
  @IsOptional() @IsString() cursor?: string | null;
  @IsOptional() @IsString() pagination?: string | null;
}

/**
 * lib/api/ci/runners.rb `GET /runners/:id/jobs`. `sort` defaults to desc but only applies with
 * `order_by`. `pagination` is not declared by GitLab (any value but "keyset" means offset), so it
 * is not validated here either.
 */
export class ListRunnerJobsParams extends WithOffsetPagination(RunnerJobsFilterParams) {}

export const listRunnerJobsParams = paramsOf(ListRunnerJobsParams);
