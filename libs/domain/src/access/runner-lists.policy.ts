import { DomainError } from '../shared/decider';
import type { AccessDirectory } from './access-directory';
import { findGroupRefusal, findProjectRefusal } from './namespace-lookup.policy';
import { readsGroupRunners, readsProjectRunners } from './namespace-permissions';
import { firstRefusal, type Refusal } from './refusal';
import type { Principal } from './runner-policy';

/**
 * The `before` of lib/api/ci/runners.rb's `resource :projects`: `find_project!`, then
 * `authorize! :read_runners, user_project`. It runs ahead of Grape's param validation, and ahead of
 * every endpoint under it: listing a project's runners, assigning one (then assignRunnerRefusal),
 * unassigning one (then unassignRunnerRefusal).
 */
export function projectRunnersRefusal(principal: Principal, facts: { readonly directory: AccessDirectory; readonly project: { readonly projectId: number } | undefined }): Refusal {
  return firstRefusal(
    () => findProjectRefusal(principal, facts),
    () => (readsProjectRunners(principal, facts.directory, facts.project!.projectId) ? null : DomainError.of('access.denied')),
  );
}

/** The same for `resource :groups` (GET /groups/:id/runners): `find_group!`, then `authorize! :read_runners, user_group`. */
export function groupRunnersRefusal(principal: Principal, facts: { readonly directory: AccessDirectory; readonly group: { readonly groupId: number } | undefined }): Refusal {
  return firstRefusal(
    () => findGroupRefusal(principal, facts),
    () => (readsGroupRunners(principal, facts.directory, facts.group!.groupId) ? null : DomainError.of('access.denied')),
  );
}

/** GET /runners/all (lib/api/ci/runners.rb): administrators and auditors only. Checked after Grape's param validation. */
export const allRunnersRefusal = (principal: Principal): Refusal => (principal.admin || principal.auditor ? null : DomainError.of('access.denied'));

/** GET /runners/status_history (beyond GitLab): the whole fleet's counts, so for whoever may list every runner (read_admin). */
export const statusHistoryRefusal = (principal: Principal): Refusal => allRunnersRefusal(principal);
