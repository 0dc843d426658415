import { DomainError } from '../shared/decider';
import type { AccessDirectory } from './access-directory';
import { managesProjectRunners } from './namespace-permissions';
import type { Refusal } from './refusal';
import type { Principal, RunnerFacts } from './runner-policy';

export interface UnassignRunnerFacts {
  readonly directory: AccessDirectory;
  /** The project in the path, already found and readable (projectRunnersRefusal passed). */
  readonly projectId: number;
  /** The runner `runner_id` named, if it exists. */
  readonly runner: RunnerFacts | undefined;
}

/**
 * DELETE /projects/:id/runners/:runner_id (lib/api/ci/runners.rb), after the resource's `before`
 * (projectRunnersRefusal) and Grape's param validation:
 * 1. `user_project.runner_projects.find_by_runner_id`: a runner not on this project is as missing
 *    as an unknown one, 404 "Runner Not Found";
 * 2. `authenticate_disable_runner!` and Ci::RunnerProjectPolicy (app/policies/ci/runner_project_policy.rb):
 *    administrators pass (the owner project is refused later, by the runner decider); others are
 *    refused a locked runner, then need Maintainer+ on the project and a project that is not the
 *    runner's owner, else "No access granted".
 */
export function unassignRunnerRefusal(principal: Principal, { directory, projectId, runner }: UnassignRunnerFacts): Refusal {
  if (!runner || !runner.projectIds.includes(projectId)) return DomainError.of('runner.not_found');
  if (principal.admin) return null;
  if (runner.locked) return DomainError.of('runner.locked');
  const allowed = managesProjectRunners(principal, directory, projectId) && runner.ownerProjectId !== projectId;
  return allowed ? null : DomainError.of('access.no_access_granted');
}
