import { Injectable } from '@nestjs/common';
import { DirectoryProjection, type ProjectView } from '@app/projections';

/** GitLab's INTEGER_ID_REGEX: anything else is taken as a path. */
const INTEGER_ID = /^-?\d+$/;

/** Finds the project a `/projects/:id/...` call names, as GitLab's `find_project!` does; whether the caller may see it is the use case's access policy (findProjectRefusal). */
@Injectable()
export class ProjectLookup {
  constructor(private readonly directory: DirectoryProjection) {}

  /**
   * A numeric id, or a full path (group paths from the root, then the project's, the slashes
   * URL-encoded in the request) compared case-insensitively. A path without a slash names no project.
   */
  find(id: unknown): ProjectView | undefined {
    if (typeof id !== 'string') return undefined;
    if (INTEGER_ID.test(id)) return this.directory.project(Number(id));
    if (!id.includes('/')) return undefined;
    const wanted = id.toLowerCase();
    for (const project of this.directory.allProjects()) if (this.fullPath(project).toLowerCase() === wanted) return project;
    return undefined;
  }

  fullPath(project: ProjectView): string {
    const groups = this.directory.groupAncestry(project.namespaceId).reverse();
    return [...groups.map((g) => g.path), project.path].join('/');
  }
}
