import { ACCESS_LEVELS, RUNNER_TYPES, type RunnerType } from '@app/domain';
import { defineParams, type ParamDeclarations } from '@app/http';
import type { RunnerAttributeInput } from '@app/api/runners/runner-params';

const runnerType = { runner_type: { type: 'string', required: true, values: RUNNER_TYPES } } as const satisfies ParamDeclarations;

/** No `active` and no `maintainer_note` here: `POST /user/runners` only knows the current names. */
const attributes = {
  description: { type: 'string' },
  maintenance_note: { type: 'string' },
  paused: { type: 'boolean' },
  locked: { type: 'boolean' },
  access_level: { type: 'string', values: ACCESS_LEVELS },
  run_untagged: { type: 'boolean' },
  tag_list: { type: 'commaSeparatedArray' },
  maximum_timeout: { type: 'integer' },
} as const satisfies ParamDeclarations;

/**
 * lib/api/user_runners.rb `POST /user/runners`. Grape's `given runner_type: ...` blocks declare
 * `group_id` / `project_id` only for their runner type, between `runner_type` and the attributes,
 * so errors come in that order; for any other type those params are neither required nor validated.
 */
const instanceRunnerParams = defineParams({ ...runnerType, ...attributes });
const groupRunnerParams = defineParams({ ...runnerType, group_id: { type: 'integer', required: true }, ...attributes });
const projectRunnerParams = defineParams({ ...runnerType, project_id: { type: 'integer', required: true }, ...attributes });

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
