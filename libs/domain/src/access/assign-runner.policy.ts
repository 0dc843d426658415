import { DomainError } from '../shared/decider';
import type { AccessDirectory } from './access-directory';
import { managesProjectRunners } from './namespace-permissions';
import type { Refusal } from './refusal';
import { holdsRunnerPermission } from './runner-by-id.policy';
import type { Principal, RunnerFacts } from './runner-policy';

export interface AssignRunnerFacts {
  readonly directory: AccessDirectory;
  /** The project in the path, already found and readable (projectRunnersRefusal passed). */
  readonly projectId: number;
  /** The runner `runner_id` named, if it exists. */
  readonly runner: RunnerFacts | undefined;
}

/**
 * POST /projects/:id/runners (lib/api/ci/runners.rb), after the resource's `before`
 * (projectRunnersRefusal) and Grape's param validation, in GitLab's order:
 * 1. `authorize! :create_runners, user_project`: a bare 403;
 * 2. `get_runner(params[:runner_id])`: 404 "Runner Not Found";
 * 3. `authenticate_enable_runner!`: a group runner is refused to everyone, administrators too;
 *    then administrators pass; others are refused a locked runner, then need `assign_runner`
 *    (Ci::RunnerPolicy, app/policies/ci/runner_policy.rb).
 * An administrator assigning an instance runner passes here and is refused by the runner decider.
 */
export function assignRunnerRefusal(principal: Principal, { directory, projectId, runner }: AssignRunnerFacts): Refusal {
  if (!managesProjectRunners(principal, directory, projectId)) return DomainError.of('access.denied');
  if (!runner) return DomainError.of('runner.not_found');
  if (runner.runnerType === 'group_type') return DomainError.of('runner.group_runner');
  if (principal.admin) return null;
  if (runner.locked) return DomainError.of('runner.locked');
  return holdsRunnerPermission(principal, runner, directory, 'assign_runner') ? null : DomainError.of('access.no_access_granted');
}
