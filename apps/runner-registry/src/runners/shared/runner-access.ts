import { Injectable } from '@nestjs/common';
import { groupAccessLevel, NO_ACCESS, projectAccessLevel, runnerPermissions, type RunnerPermission } from '@app/domain';
import { DirectoryProjection, type RunnerView, type UserView } from '@app/projections';

/** Who may do what with a runner: GitLab's Ci::RunnerPolicy (libs/domain) over the live directory. */
@Injectable()
export class RunnerAccess {
  constructor(private readonly directory: DirectoryProjection) {}

  can(user: UserView, runner: RunnerView, permission: RunnerPermission): boolean {
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

  visibleGroupIds(user: UserView, runner: RunnerView): readonly number[] {
    if (runner.groupId === null) return [];
    if (this.canReadAll(user) || groupAccessLevel(this.directory, user.userId, runner.groupId) > NO_ACCESS) return [runner.groupId];
    return [];
  }
}
