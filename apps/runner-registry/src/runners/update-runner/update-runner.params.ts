import { IsDefined, IsInt } from 'class-validator';
import { atLeastOneOf, mutuallyExclusive, NoParams, paramsOf, ParamRules } from '@app/http';
import { RUNNER_ATTRIBUTE_NAMES, WithRunnerAttributes } from '@app/api/runners/runner-params';

class RunnerIdParams extends NoParams {
  @IsDefined() @IsInt() id: number | null;
}

/** lib/api/ci/runners.rb `PUT /runners/:id`: at least one attribute, never both active and paused. */
@ParamRules(atLeastOneOf(...RUNNER_ATTRIBUTE_NAMES), mutuallyExclusive('active', 'paused'))
export class UpdateRunnerParams extends WithRunnerAttributes(RunnerIdParams) {}

export const updateRunnerParams = paramsOf(UpdateRunnerParams);
