import { IsDefined, IsOptional, IsString } from 'class-validator';
import { IsParamHash, mutuallyExclusive, NoParams, paramsOf, ParamRules } from '@app/http';
import { WithRunnerAttributes } from '@app/api/runners/runner-params';

class RegistrationTokenParams extends NoParams {
  @IsDefined() @IsString() token: string | null;
}

/** The `info` hash a registration may send. */
export class RegistrationInfoParams {
  @IsOptional() @IsString() name?: string | null;
  @IsOptional() @IsString() version?: string | null;
  @IsOptional() @IsString() revision?: string | null;
  @IsOptional() @IsString() platform?: string | null;
  @IsOptional() @IsString() architecture?: string | null;
}

/** lib/api/ci/runner.rb `POST /runners`. */
@ParamRules(mutuallyExclusive('maintainer_note', 'maintenance_note'), mutuallyExclusive('active', 'paused'))
export class RegisterRunnerParams extends WithRunnerAttributes(RegistrationTokenParams) {
  @IsOptional() @IsString() maintainer_note?: string | null;
  @IsOptional() @IsParamHash(() => RegistrationInfoParams) info?: RegistrationInfoParams | null;
}

export const registerRunnerParams = paramsOf(RegisterRunnerParams);
