import type { AccessDirectory } from './access-directory';
import { groupAccessLevel, isMaintainer, isOwner, NO_ACCESS, projectAccessLevel } from './membership';
import type { Principal } from './runner-policy';

/**
 * What a user may do with a project or a group, for the runner endpoints under them: GitLab's
 * ProjectPolicy and GroupPolicy, as far as runners go (app/policies/project_policy.rb,
 * app/policies/group_policy.rb). Projects and groups are private here (the directory has no
 * visibility levels): members see them, and a group is also seen by members of anything below it.
 */

/** `read_project`: members, administrators and auditors. */
export const readsProject = (principal: Principal, directory: AccessDirectory, projectId: number): boolean =>
  principal.admin || principal.auditor || projectAccessLevel(directory, principal.userId, projectId) > NO_ACCESS;

/** `read_group`: members of the group, of an ancestor, of a subgroup or of a project below it; administrators and auditors. */
export function readsGroup(principal: Principal, directory: AccessDirectory, groupId: number): boolean {
  const { userId } = principal;
  if (principal.admin || principal.auditor || groupAccessLevel(directory, userId, groupId) > NO_ACCESS) return true;
  return (
    directory.descendantGroups(groupId).some((group) => groupAccessLevel(directory, userId, group.groupId) > NO_ACCESS) ||
    directory.projectsInGroupTree(groupId).some((project) => projectAccessLevel(directory, userId, project.projectId) > NO_ACCESS)
  );
}

/** `read_runners` on a project: Maintainers and above, administrators and auditors. */
export const readsProjectRunners = (principal: Principal, directory: AccessDirectory, projectId: number): boolean =>
  principal.admin || principal.auditor || isMaintainer(projectAccessLevel(directory, principal.userId, projectId));

/** `read_runners` on a group: Maintainers and above, administrators and auditors. */
export const readsGroupRunners = (principal: Principal, directory: AccessDirectory, groupId: number): boolean =>
  principal.admin || principal.auditor || isMaintainer(groupAccessLevel(directory, principal.userId, groupId));

/** `create_runners` / `admin_runners` on a project: Maintainers and above, administrators. Auditors only read. */
export const managesProjectRunners = (principal: Principal, directory: AccessDirectory, projectId: number): boolean =>
  principal.admin || isMaintainer(projectAccessLevel(directory, principal.userId, projectId));

/** `create_runners` / `admin_runners` on a group: Owners, administrators. */
export const managesGroupRunners = (principal: Principal, directory: AccessDirectory, groupId: number): boolean =>
  principal.admin || isOwner(groupAccessLevel(directory, principal.userId, groupId));
