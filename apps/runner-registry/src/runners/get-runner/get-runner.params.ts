import { IsBoolean, IsDefined, IsInt, IsOptional } from 'class-validator';
import { Default, paramsOf } from '@app/http';

/** lib/api/ci/runners.rb `GET /runners/:id`. */
export class GetRunnerParams {
  @IsDefined() @IsInt() id: number | null;
  @IsOptional() @IsBoolean() @Default(true) include_projects: boolean;
}

export const getRunnerParams = paramsOf(GetRunnerParams);
