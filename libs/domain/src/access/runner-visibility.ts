import type { AccessDirectory } from './access-directory';
import { groupAccessLevel, isMaintainer, isOwner, NO_ACCESS, projectAccessLevel, type GroupFacts, type ProjectFacts } from './membership';
import type { Principal, RunnerFacts } from './runner-policy';
import type { RunnerMembership } from './runner-membership';

/** Every project and group, for the one question that needs them all (which runners a user owns). */
export interface DirectoryListing {
  allProjects(): Iterable<ProjectFacts>;
  allGroups(): Iterable<GroupFacts>;
}

const readsEverything = (principal: Principal) => principal.admin || principal.auditor;

/** The runner's projects the caller may see in its details: all for administrators and auditors, else those they are a member of. */
export function visibleRunnerProjectIds(principal: Principal, runner: RunnerFacts, directory: AccessDirectory): readonly number[] {
  if (readsEverything(principal)) return runner.projectIds;
  return runner.projectIds.filter((id) => projectAccessLevel(directory, principal.userId, id) > NO_ACCESS);
}

/**
 * The runner's group as User#authorized_groups filters it (app/models/user.rb): shown to members
 * of the group or of an ancestor, and to whoever has access to a project in the group's tree
 * (GitLab adds the namespaces of authorized projects and their ancestors), so a project
 * Maintainer reading a group runner through their project sees its group.
 */
export function visibleRunnerGroupIds(principal: Principal, runner: RunnerFacts, directory: AccessDirectory): readonly number[] {
  const { groupId } = runner;
  if (groupId === null) return [];
  if (readsEverything(principal) || groupAccessLevel(directory, principal.userId, groupId) > NO_ACCESS) return [groupId];
  const throughProject = directory.projectsInGroupTree(groupId).some((p) => projectAccessLevel(directory, principal.userId, p.projectId) > NO_ACCESS);
  return throughProject ? [groupId] : [];
}

/**
 * GitLab's User#ci_owned_runners, the runners GET /runners lists: project runners of any project
 * the user maintains (directly or through a group), group runners of groups the user owns,
 * subgroups included. Never instance runners, not even for administrators.
 */
export function ownedRunnerMembership(principal: Principal, directory: AccessDirectory & DirectoryListing): RunnerMembership {
  const projectIds = new Set<number>();
  for (const project of directory.allProjects()) {
    if (isMaintainer(projectAccessLevel(directory, principal.userId, project.projectId))) projectIds.add(project.projectId);
  }
  const groupIds = new Set<number>();
  for (const group of directory.allGroups()) {
    if (isOwner(groupAccessLevel(directory, principal.userId, group.groupId))) groupIds.add(group.groupId);
  }
  return { instance: false, groupIds, projectIds };
}
