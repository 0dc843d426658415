import { DomainError } from '../shared/decider';
import type { AccessDirectory } from './access-directory';
import { readsGroup, readsProject } from './namespace-permissions';
import type { Refusal } from './refusal';
import type { Principal } from './runner-policy';

/**
 * `find_project!` (lib/api/helpers.rb): a project the caller may not read is as missing as an
 * unknown one, so private projects do not leak. `project` is what the id or path named, if anything.
 */
export function findProjectRefusal(principal: Principal, facts: { readonly directory: AccessDirectory; readonly project: { readonly projectId: number } | undefined }): Refusal {
  const { directory, project } = facts;
  return project && readsProject(principal, directory, project.projectId) ? null : DomainError.of('project.not_found');
}

/** `find_group!` (lib/api/helpers.rb): a group the caller may not read is as missing as an unknown one. */
export function findGroupRefusal(principal: Principal, facts: { readonly directory: AccessDirectory; readonly group: { readonly groupId: number } | undefined }): Refusal {
  const { directory, group } = facts;
  return group && readsGroup(principal, directory, group.groupId) ? null : DomainError.of('group.not_found');
}
