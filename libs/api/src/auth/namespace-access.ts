import { Injectable } from '@nestjs/common';
import { groupAccessLevel, isMaintainer, isOwner, NO_ACCESS, projectAccessLevel } from '@app/domain';
import { DirectoryProjection, type UserView } from '@app/projections';

/**
 * What a user may do with a project or group, for the runner endpoints under them. Projects and
 * groups are private here (the directory has no visibility levels): members see them, and a
 * group is also visible to members of anything below it.
 */
@Injectable()
export class NamespaceAccess {
  constructor(private readonly directory: DirectoryProjection) {}

  projectLevel(user: UserView, projectId: number): number {
    return projectAccessLevel(this.directory, user.userId, projectId);
  }

  groupLevel(user: UserView, groupId: number): number {
    return groupAccessLevel(this.directory, user.userId, groupId);
  }

  canReadProject(user: UserView, projectId: number): boolean {
    return user.admin || user.auditor || this.projectLevel(user, projectId) > NO_ACCESS;
  }

  canReadGroup(user: UserView, groupId: number): boolean {
    if (user.admin || user.auditor || this.groupLevel(user, groupId) > NO_ACCESS) return true;
    return (
      this.directory.descendantGroups(groupId).some((g) => this.groupLevel(user, g.groupId) > NO_ACCESS) ||
      this.directory.projectsInGroupTree(groupId).some((p) => this.projectLevel(user, p.projectId) > NO_ACCESS)
    );
  }

  /** `read_runners`: Maintainers and above, administrators and auditors. */
  canReadProjectRunners(user: UserView, projectId: number): boolean {
    return user.admin || user.auditor || isMaintainer(this.projectLevel(user, projectId));
  }

  canReadGroupRunners(user: UserView, groupId: number): boolean {
    return user.admin || user.auditor || isMaintainer(this.groupLevel(user, groupId));
  }

  /** `create_runners` / `admin_runners` on a project: Maintainers and above. */
  canManageProjectRunners(user: UserView, projectId: number): boolean {
    return user.admin || isMaintainer(this.projectLevel(user, projectId));
  }

  /** `admin_runners` on a group: Owners only. */
  canManageGroupRunners(user: UserView, groupId: number): boolean {
    return user.admin || isOwner(this.groupLevel(user, groupId));
  }
}
