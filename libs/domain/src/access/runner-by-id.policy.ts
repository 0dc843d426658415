import { DomainError } from '../shared/decider';
import type { AccessDirectory } from './access-directory';
import type { Refusal } from './refusal';
import { runnerPermissions, type Principal, type RunnerFacts, type RunnerPermission } from './runner-policy';

/** What the /runners/:id endpoints know: the runner the id named, if any, and the directory for memberships. */
export interface RunnerByIdFacts {
  readonly directory: AccessDirectory;
  readonly runner: RunnerFacts | undefined;
}

/** Ci::RunnerPolicy (app/policies/ci/runner_policy.rb); administrators hold every permission, checked first because theirs are the hot reads. */
export const holdsRunnerPermission = (principal: Principal, runner: RunnerFacts, directory: AccessDirectory, permission: RunnerPermission): boolean =>
  principal.admin || runnerPermissions(principal, runner, directory).has(permission);

/**
 * lib/api/ci/runners.rb's `get_runner(id)` then `authenticate_*_runner!`: 404 "Runner Not Found"
 * before any access check, then "No access granted" without the permission.
 */
function runnerPermissionRefusal(principal: Principal, { directory, runner }: RunnerByIdFacts, permission: RunnerPermission): Refusal {
  if (!runner) return DomainError.of('runner.not_found');
  return holdsRunnerPermission(principal, runner, directory, permission) ? null : DomainError.of('access.no_access_granted');
}

/** GET /runners/:id: `authenticate_show_runner!`, the `read_runner` permission. */
export const readRunnerRefusal = (principal: Principal, facts: RunnerByIdFacts): Refusal => runnerPermissionRefusal(principal, facts, 'read_runner');

/** PUT /runners/:id: `authenticate_update_runner!`, the `update_runner` permission. */
export const updateRunnerRefusal = (principal: Principal, facts: RunnerByIdFacts): Refusal => runnerPermissionRefusal(principal, facts, 'update_runner');

/** POST /runners/:id/reset_authentication_token: also `authenticate_update_runner!`. */
export const resetRunnerTokenRefusal = (principal: Principal, facts: RunnerByIdFacts): Refusal => runnerPermissionRefusal(principal, facts, 'update_runner');

/** GET /runners/:id/jobs: `authenticate_list_runners_jobs!`, the `read_builds` permission; administrators and auditors read every runner's jobs. */
export function listRunnerJobsRefusal(principal: Principal, facts: RunnerByIdFacts): Refusal {
  if (facts.runner && principal.auditor) return null;
  return runnerPermissionRefusal(principal, facts, 'read_builds');
}

/**
 * DELETE /runners/:id: `authenticate_delete_runner!` checks "more than one project" before the
 * permission, for everyone but administrators, so even users without any access to the runner
 * get that reason. (Ci::RunnerPolicy also prevents delete_runner on such runners; this check
 * only decides which words come first.)
 */
export function deleteRunnerRefusal(principal: Principal, facts: RunnerByIdFacts): Refusal {
  const { runner } = facts;
  if (!runner) return DomainError.of('runner.not_found');
  if (!principal.admin && runner.projectIds.length > 1) return DomainError.of('runner.on_several_projects');
  return runnerPermissionRefusal(principal, facts, 'delete_runner');
}
