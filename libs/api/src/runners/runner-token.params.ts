import { IsDefined, IsString } from 'class-validator';
import { paramsOf } from '@app/http';

/** Runner-facing calls authenticate with the runner's own token as a param. */
export class RunnerTokenParams {
  @IsDefined() @IsString() token: string | null;
}

export const runnerTokenParams = paramsOf(RunnerTokenParams);
