import { IsDefined, IsInt } from 'class-validator';
import { NoParams, paramsOf, WithOffsetPagination } from '@app/http';

class RunnerIdParams extends NoParams {
  @IsDefined() @IsInt() id: number | null;
}

/** `GET /runners/:id/history`: the runner, and GitLab's `use :pagination`. */
export class RunnerHistoryParams extends WithOffsetPagination(RunnerIdParams) {}

export const runnerHistoryParams = paramsOf(RunnerHistoryParams);
