import { Injectable } from '@nestjs/common';
import { DirectoryProjection, type GroupView } from '@app/projections';

/** GitLab's INTEGER_ID_REGEX: anything else is taken as a path. */
const INTEGER_ID = /^-?\d+$/;

/** Finds the group a `/groups/:id/...` call names, as GitLab's `find_group!` does; whether the caller may see it is the use case's access policy (findGroupRefusal). */
@Injectable()
export class GroupLookup {
  constructor(private readonly directory: DirectoryProjection) {}

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
}
