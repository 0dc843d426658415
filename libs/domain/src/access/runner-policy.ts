import type { RunnerType } from '../runner/runner.types';
import { groupAccessLevel, isMaintainer, isOwner, projectAccessLevel, type DirectoryFacts } from './membership';

export type RunnerPermission = 'read_runner' | 'read_builds' | 'assign_runner' | 'update_runner' | 'delete_runner';

export interface Principal {
  readonly userId: number;
  readonly admin: boolean;
  /** Reads everything, changes nothing. */
  readonly auditor: boolean;
}

export interface RunnerFacts {
  readonly runnerType: RunnerType;
  readonly groupId: number | null;
  readonly ownerProjectId: number | null;
  readonly projectIds: readonly number[];
  readonly locked: boolean;
}

const ALL: RunnerPermission[] = ['read_runner', 'read_builds', 'assign_runner', 'update_runner', 'delete_runner'];

/**
 * GitLab's Ci::RunnerPolicy. Whoever administers the runner's owner (instance: an administrator;
 * group runner: an Owner of its group; project runner: a Maintainer of its owner project) may do
 * everything; others get read access through their memberships. Two prevent rules apply to
 * everyone but administrators: a runner on several projects cannot be deleted, a locked one cannot
 * be assigned.
 */
export function runnerPermissions(principal: Principal, runner: RunnerFacts, facts: DirectoryFacts): ReadonlySet<RunnerPermission> {
  const granted = new Set<RunnerPermission>();
  const grant = (...permissions: RunnerPermission[]) => permissions.forEach((p) => granted.add(p));
  const user = principal.userId;

  if (principal.admin || administersOwner(principal, runner, facts)) grant(...ALL);
  if (principal.auditor) grant('read_runner', 'read_builds');

  switch (runner.runnerType) {
    case 'instance_type':
      grant('read_runner');
      break;
    case 'group_type':
      if (runner.groupId !== null && isMaintainer(groupAccessLevel(facts, user, runner.groupId))) grant('read_runner', 'read_builds');
      if (runner.groupId !== null && maintainsProjectInheritingGroupRunners(facts, user, runner.groupId)) grant('read_runner');
      break;
    case 'project_type': {
      const maintained = runner.projectIds.filter((id) => isMaintainer(projectAccessLevel(facts, user, id)));
      if (maintained.length > 0) grant('read_runner');
      if (runner.ownerProjectId !== null && isMaintainer(projectAccessLevel(facts, user, runner.ownerProjectId))) grant('update_runner');
      // A runner shared by several projects is "available" to maintainers of any of them.
      if (runner.projectIds.length > 1 && maintained.length > 0) grant('read_builds', 'read_runner', 'assign_runner', 'update_runner');
      break;
    }
  }

  if (!principal.admin && runner.projectIds.length > 1) granted.delete('delete_runner');
  if (!principal.admin && runner.locked) granted.delete('assign_runner');
  return granted;
}

function administersOwner(principal: Principal, runner: RunnerFacts, facts: DirectoryFacts): boolean {
  switch (runner.runnerType) {
    case 'instance_type':
      return principal.admin;
    case 'group_type':
      return runner.groupId !== null && isOwner(groupAccessLevel(facts, principal.userId, runner.groupId));
    case 'project_type':
      return runner.ownerProjectId !== null && isMaintainer(projectAccessLevel(facts, principal.userId, runner.ownerProjectId));
  }
}

function maintainsProjectInheritingGroupRunners(facts: DirectoryFacts, userId: number, groupId: number): boolean {
  return facts.projectsInGroupTree(groupId).some((p) => p.groupRunnersEnabled && isMaintainer(projectAccessLevel(facts, userId, p.projectId)));
}
