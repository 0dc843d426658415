import { DomainError } from '../shared/decider';
import type { AccessDirectory } from './access-directory';
import { findGroupRefusal, findProjectRefusal } from './namespace-lookup.policy';
import { managesGroupRunners, managesProjectRunners } from './namespace-permissions';
import { firstRefusal, type Refusal } from './refusal';
import { instanceAllowsRegistrationTokens, registrationTokensAllowed } from './registration-tokens';
import type { Principal } from './runner-policy';

/**
 * `update_runners_registration_token` (app/policies/global_policy.rb, group_policy.rb,
 * project_policy.rb; lib/api/ci/runners.rb, lib/api/groups.rb): who administers the scope's
 * runners may replace its registration token, but the permission is prevented for everyone,
 * administrators too, while registration tokens are disallowed (registrationTokensAllowed). Both
 * refusals are a bare 403; they carry different codes so logs tell them apart.
 */
const disallowed = () => DomainError.of('registration_token.disallowed');
const denied = () => DomainError.of('access.denied');

/** POST /runners/reset_registration_token: administrators, while the instance allows registration tokens. */
export function resetInstanceRegistrationTokenRefusal(principal: Principal, { directory }: { readonly directory: Pick<AccessDirectory, 'instanceSettings'> }): Refusal {
  if (!principal.admin) return denied();
  return instanceAllowsRegistrationTokens(directory) ? null : disallowed();
}

/** POST /groups/:id/runners/reset_registration_token: `find_group!`, then Owners, while the instance and the root group allow them. */
export function resetGroupRegistrationTokenRefusal(principal: Principal, facts: { readonly directory: AccessDirectory; readonly group: { readonly groupId: number } | undefined }): Refusal {
  return firstRefusal(
    () => findGroupRefusal(principal, facts),
    () => (managesGroupRunners(principal, facts.directory, facts.group!.groupId) ? null : denied()),
    () => (registrationTokensAllowed(facts.directory, facts.group!.groupId) ? null : disallowed()),
  );
}

/** POST /projects/:id/runners/reset_registration_token: `find_project!`, then Maintainers, while the instance and the root group allow them. */
export function resetProjectRegistrationTokenRefusal(
  principal: Principal,
  facts: { readonly directory: AccessDirectory; readonly project: { readonly projectId: number; readonly namespaceId: number } | undefined },
): Refusal {
  return firstRefusal(
    () => findProjectRefusal(principal, facts),
    () => (managesProjectRunners(principal, facts.directory, facts.project!.projectId) ? null : denied()),
    () => (registrationTokensAllowed(facts.directory, facts.project!.namespaceId) ? null : disallowed()),
  );
}
