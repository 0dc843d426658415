import { Injectable } from '@nestjs/common';
import { notFound } from '@app/http/gitlab-errors';
import { DirectoryProjection, type GroupView, type UserView } from '@app/projections';
import { NamespaceAccess } from '../auth/namespace-access';

/** GitLab's INTEGER_ID_REGEX: anything else is taken as a path. */
const INTEGER_ID = /^-?\d+$/;

/** Finds the group a `/groups/:id/...` call names, as GitLab's `find_group!` does. */
@Injectable()
export class GroupLookup {
  constructor(
    private readonly directory: DirectoryProjection,
    private readonly access: NamespaceAccess,
  ) {}

  /** 404 "Group Not Found" when it is missing or the caller cannot read it: private groups do not leak. */
  require(id: unknown, user: UserView): GroupView {
    const group = this.find(id);
    if (!group || !this.access.canReadGroup(user, group.groupId)) throw notFound('Group');
    return group;
  }

  /** A numeric id, or a full path (parent paths from the root, then the group's; slashes URL-encoded) compared case-insensitively. */
  find(id: unknown): GroupView | undefined {
    if (typeof id !== 'string') return undefined;
    if (INTEGER_ID.test(id)) return this.directory.group(Number(id));
    const wanted = id.toLowerCase();
    for (const group of this.directory.allGroups()) if (this.fullPath(group).toLowerCase() === wanted) return group;
    return undefined;
  }

  fullPath(group: GroupView): string {
    return this.directory
      .groupAncestry(group.groupId)
      .reverse()
      .map((g) => g.path)
      .join('/');
  }

  /** NamespaceSetting#allow_runner_registration_token?: the instance and the group's root both allow them. */
  registrationTokensAllowed(group: GroupView): boolean {
    const root = this.directory.groupAncestry(group.groupId).at(-1);
    return (this.directory.instanceSettings()?.allowRunnerRegistrationToken ?? false) && (root?.allowRunnerRegistrationToken ?? true);
  }
}
