import { Injectable } from '@nestjs/common';
import { notFound } from '@app/http/gitlab-errors';
import { DirectoryProjection, type ProjectView, type UserView } from '@app/projections';
import { NamespaceAccess } from '../auth/namespace-access';

/** GitLab's INTEGER_ID_REGEX: anything else is taken as a path. */
const INTEGER_ID = /^-?\d+$/;

/** Finds the project a `/projects/:id/...` call names, as GitLab's `find_project!` does. */
@Injectable()
export class ProjectLookup {
  constructor(
    private readonly directory: DirectoryProjection,
    private readonly access: NamespaceAccess,
  ) {}

  /** 404 "Project Not Found" when it is missing or the caller cannot read it: private projects do not leak. */
  require(id: unknown, user: UserView): ProjectView {
    const project = this.find(id);
    if (!project || !this.access.canReadProject(user, project.projectId)) throw notFound('Project');
    return project;
  }

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

  /** Namespace#allow_runner_registration_token?: the instance and the project's root group both allow them. */
  registrationTokensAllowed(project: ProjectView): boolean {
    const root = this.directory.groupAncestry(project.namespaceId).at(-1);
    return (this.directory.instanceSettings()?.allowRunnerRegistrationToken ?? false) && (root?.allowRunnerRegistrationToken ?? true);
  }
}
