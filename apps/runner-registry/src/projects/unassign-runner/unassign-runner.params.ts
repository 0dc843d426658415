import { IsDefined, IsInt, IsString } from 'class-validator';
import { paramsOf } from '@app/http';

/** lib/api/ci/runners.rb `DELETE /projects/:id/runners/:runner_id`. */
export class UnassignRunnerParams {
  @IsDefined() @IsString() id: string | null;
  @IsDefined() @IsInt() runner_id: number | null;
}

export const unassignRunnerParams = paramsOf(UnassignRunnerParams);
