import { IsDefined, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsParamHash, paramsOf } from '@app/http';

class GpuConfigParams {
  @IsOptional() @IsString() gpus?: string | null;
}

/** The agent's `info` hash, as `POST /jobs/request` declares it; `POST /runners/verify` reads the same keys. */
export class RunnerInfoParams {
  @IsOptional() @IsString() name?: string | null;
  @IsOptional() @IsString() @MaxLength(2048) version?: string | null;
  @IsOptional() @IsString() @MaxLength(255) revision?: string | null;
  @IsOptional() @IsString() @MaxLength(255) platform?: string | null;
  @IsOptional() @IsString() @MaxLength(255) architecture?: string | null;
  @IsOptional() @IsString() executor?: string | null;
  @IsOptional() @IsParamHash() features?: Record<string, unknown> | null;
  @IsOptional() @IsParamHash() labels?: Record<string, unknown> | null;
  @IsOptional() @IsParamHash(() => GpuConfigParams) config?: GpuConfigParams | null;
}

class JobSessionParams {
  @IsOptional() @IsString() url?: string | null;
  @IsOptional() @IsString() certificate?: string | null;
  @IsOptional() @IsString() authorization?: string | null;
}

/** lib/api/ci/runner.rb `POST /jobs/request`; undeclared keys (info.shell, …) are ignored. */
export class RequestJobParams {
  @IsDefined() @IsString() token: string | null;
  @IsOptional() @IsString() @MaxLength(64) system_id?: string | null;
  @IsOptional() @IsString() last_update?: string | null;
  @IsOptional() @IsInt() job_age?: number | null;
  @IsOptional() @IsParamHash(() => RunnerInfoParams) info?: RunnerInfoParams | null;
  @IsOptional() @IsParamHash(() => JobSessionParams) session?: JobSessionParams | null;
}

export const requestJobParams = paramsOf(RequestJobParams);
