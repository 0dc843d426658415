import { IsDefined, IsOptional, IsString } from 'class-validator';
import { IsParamHash, paramsOf } from '@app/http';
import { RunnerInfoParams } from './request-job.params';

/**
 * lib/api/ci/runner.rb `POST /runners/verify` declares token and system_id; `info` is read from the
 * raw params by `authenticate_runner!` (`get_runner_details_from_request` in
 * lib/api/ci/helpers/runner.rb), which is why the agent sends it: the same keys as a job request.
 */
export class VerifyRunnerParams {
  @IsDefined() @IsString() token: string | null;
  @IsOptional() @IsString() system_id?: string | null;
  @IsOptional() @IsParamHash(() => RunnerInfoParams) info?: RunnerInfoParams | null;
}

export const verifyRunnerParams = paramsOf(VerifyRunnerParams);
