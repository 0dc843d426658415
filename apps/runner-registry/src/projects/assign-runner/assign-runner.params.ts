import { IsDefined, IsInt, IsString } from 'class-validator';
import { paramsOf } from '@app/http';

/** lib/api/ci/runners.rb `POST /projects/:id/runners`. */
export class AssignRunnerParams {
  @IsDefined() @IsString() id: string | null;
  @IsDefined() @IsInt() runner_id: number | null;
}

export const assignRunnerParams = paramsOf(AssignRunnerParams);
