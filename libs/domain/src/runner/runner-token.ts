import type { RegistrationType, RunnerType } from './runner.types';

const TYPE_PARTITION: Record<RunnerType, string> = { instance_type: 't1_', group_type: 't2_', project_type: 't3_' };

/** GitLab user-created runners carry this prefix, so secret scanners can recognise their tokens. */
export const CREATED_RUNNER_TOKEN_PREFIX = 'glrt-';

/**
 * The visible prefix of a runner authentication token, as GitLab 17.x-18.0 issues them:
 * `t1_`/`t2_`/`t3_` by runner type, behind `glrt-` for user-created runners.
 */
export function runnerTokenPrefix(runnerType: RunnerType, registrationType: RegistrationType): string {
  const partition = TYPE_PARTITION[runnerType];
  return registrationType === 'authenticated_user' ? CREATED_RUNNER_TOKEN_PREFIX + partition : partition;
}

/** `GR1348941` is "GR" + 20220225 in hex: GitLab's prefix for group and project registration tokens. */
export const REGISTRATION_TOKEN_PREFIX = 'GR1348941';
