import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { ACCESS_LEVELS, RUNNER_TYPES, type RunnerType } from '@app/domain';
import { IsCommaSeparatedArray, NoParams, paramsOf, type ParamsBase } from '@app/http';
import type { RunnerAttributeInput } from '@app/api/runners/runner-params';

class RunnerTypeParams extends NoParams {
  @IsDefined() @IsString() @IsIn(RUNNER_TYPES) runner_type: RunnerType;
}

/** No `active` and no `maintainer_note` here: `POST /user/runners` only knows the current names. */
function WithCreateAttributes<B extends ParamsBase>(Base: B) {
  class CreateAttributeParams extends Base {
    @IsOptional() @IsString() description?: string | null;
    @IsOptional() @IsString() maintenance_note?: string | null;
    @IsOptional() @IsBoolean() paused?: boolean | null;
    @IsOptional() @IsBoolean() locked?: boolean | null;
    @IsOptional() @IsString() @IsIn(ACCESS_LEVELS) access_level?: string | null;
    @IsOptional() @IsBoolean() run_untagged?: boolean | null;
    @IsOptional() @IsCommaSeparatedArray() tag_list?: string[] | null;
    @IsOptional() @IsInt() maximum_timeout?: number | null;
  }
  return CreateAttributeParams;
}

class GroupIdParams extends RunnerTypeParams {
  @IsDefined() @IsInt() group_id: number | null;
}

class ProjectIdParams extends RunnerTypeParams {
  @IsDefined() @IsInt() project_id: number | null;
}

/**
 * lib/api/user_runners.rb `POST /user/runners`. Grape's `given runner_type: ...` blocks declare
 * `group_id` / `project_id` only for their runner type, between `runner_type` and the attributes,
 * so errors come in that order; for any other type those params are neither required nor validated.
 */
export class CreateInstanceRunnerParams extends WithCreateAttributes(RunnerTypeParams) {}
export class CreateGroupRunnerParams extends WithCreateAttributes(GroupIdParams) {}
export class CreateProjectRunnerParams extends WithCreateAttributes(ProjectIdParams) {}

const instanceRunnerParams = paramsOf(CreateInstanceRunnerParams);
const groupRunnerParams = paramsOf(CreateGroupRunnerParams);
const projectRunnerParams = paramsOf(CreateProjectRunnerParams);

export interface CreateRunnerInput extends RunnerAttributeInput {
  runner_type: RunnerType;
  /** The group or project the runner is created in; null when absent or given as null. */
  scopeId: number | null;
}

export function parseCreateRunnerParams(raw: Record<string, unknown>): CreateRunnerInput {
  switch (raw.runner_type) {
    case 'group_type': {
      const { group_id, ...rest } = groupRunnerParams.parse(raw);
      return { ...rest, scopeId: group_id ?? null };
    }
    case 'project_type': {
      const { project_id, ...rest } = projectRunnerParams.parse(raw);
      return { ...rest, scopeId: project_id ?? null };
    }
    default:
      return { ...instanceRunnerParams.parse(raw), scopeId: null };
  }
}
