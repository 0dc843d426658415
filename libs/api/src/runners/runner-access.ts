import { Injectable } from '@nestjs/common';
import { groupAccessLevel, isMaintainer, isOwner, NO_ACCESS, projectAccessLevel, runnerPermissions, type RunnerPermission } from '@app/domain';
import { DirectoryProjection, type RunnerView, type UserView } from '@app/projections';

/** Who may do what with a runner: GitLab's Ci::RunnerPolicy (libs/domain) over the live directory. */
@Injectable()
export class RunnerAccess {
  constructor(private readonly directory: DirectoryProjection) {}

  can(user: UserView, runner: RunnerView, permission: RunnerPermission): boolean {
    // Administrators hold every permission; reads by admin tokens are the hot path.
    if (user.admin) return true;
    return runnerPermissions({ userId: user.userId, admin: user.admin, auditor: user.auditor }, runner, this.directory).has(permission);
  }

  canReadAll(user: UserView): boolean {
    return user.admin || user.auditor;
  }

  canRead(user: UserView, runner: RunnerView): boolean {
    return this.can(user, runner, 'read_runner');
  }

  canUpdate(user: UserView, runner: RunnerView): boolean {
    return this.can(user, runner, 'update_runner');
  }

  canDelete(user: UserView, runner: RunnerView): boolean {
    return this.can(user, runner, 'delete_runner');
  }

  /**
   * GitLab checks "more than one project" before anything else for non-administrators, so even
   * users without any access to the runner see that reason.
   */
  deleteRefusal(user: UserView, runner: RunnerView): string | null {
    if (!user.admin && runner.projectIds.length > 1) return 'Runner associated with more than one project';
    return this.canDelete(user, runner) ? null : 'No access granted';
  }

  /** Projects of the runner the caller may see in its details: all for admins and auditors, else those they are a member of. */
  visibleProjectIds(user: UserView, runner: RunnerView): readonly number[] {
    if (this.canReadAll(user)) return runner.projectIds;
    return runner.projectIds.filter((id) => projectAccessLevel(this.directory, user.userId, id) > NO_ACCESS);
  }

  /**
   * The runner's group as User#authorized_groups filters it: shown to members of the group or of
   * an ancestor, and to whoever has access to a project in the group's tree (GitLab adds the
   * namespaces of authorized projects and their ancestors), so a project Maintainer reading a
   * group runner through their project sees its group.
   */
  visibleGroupIds(user: UserView, runner: RunnerView): readonly number[] {
    const groupId = runner.groupId;
    if (groupId === null) return [];
    if (this.canReadAll(user) || groupAccessLevel(this.directory, user.userId, groupId) > NO_ACCESS) return [groupId];
    const throughProject = this.directory.projectsInGroupTree(groupId).some((p) => projectAccessLevel(this.directory, user.userId, p.projectId) > NO_ACCESS);
    return throughProject ? [groupId] : [];
  }

  /**
   * GitLab's User#ci_owned_runners, the runners `GET /runners` lists: project runners of any
   * project the user maintains (directly or through a group), group runners of groups the user
   * owns, subgroups included. Never instance runners, not even for administrators.
   */
  ownedRunnerFilter(user: UserView): (runner: RunnerView) => boolean {
    const maintainedProjects = new Set<number>();
    for (const project of this.directory.allProjects()) {
      if (isMaintainer(projectAccessLevel(this.directory, user.userId, project.projectId))) maintainedProjects.add(project.projectId);
    }
    const ownedGroups = new Set<number>();
    for (const group of this.directory.allGroups()) {
      if (isOwner(groupAccessLevel(this.directory, user.userId, group.groupId))) ownedGroups.add(group.groupId);
    }
    return (runner) => {
      switch (runner.runnerType) {
        case 'project_type':
          return runner.projectIds.some((id) => maintainedProjects.has(id));
        case 'group_type':
          return runner.groupId !== null && ownedGroups.has(runner.groupId);
        case 'instance_type':
          return false;
      }
    };
  }
}
