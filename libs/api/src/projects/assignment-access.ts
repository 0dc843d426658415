import { Injectable } from '@nestjs/common';
import type { ProjectView, RunnerView, UserView } from '@app/projections';
import { NamespaceAccess } from '../auth/namespace-access';
import { RunnerAccess } from '../runners/runner-access';

/** Who may add a runner to a project or take it off one (lib/api/ci/runners.rb helpers). */
@Injectable()
export class AssignmentAccess {
  constructor(
    private readonly runners: RunnerAccess,
    private readonly namespaces: NamespaceAccess,
  ) {}

  /**
   * `authenticate_enable_runner!`: a group runner is refused to everyone, administrators included;
   * then administrators pass, and others need an unlocked runner they may assign.
   */
  assignRefusal(user: UserView, runner: RunnerView): string | null {
    if (runner.runnerType === 'group_type') return 'Runner is a group runner';
    if (user.admin) return null;
    if (runner.locked) return 'Runner is locked';
    return this.runners.can(user, runner, 'assign_runner') ? null : 'No access granted';
  }

  /**
   * `authenticate_disable_runner!` and Ci::RunnerProjectPolicy: administrators pass (the owner
   * project is refused later, by the domain); others need an unlocked runner, Maintainer+ on the
   * project, and a project that is not the runner's owner.
   */
  unassignRefusal(user: UserView, runner: RunnerView, project: ProjectView): string | null {
    if (user.admin) return null;
    if (runner.locked) return 'Runner is locked';
    const allowed = this.namespaces.canManageProjectRunners(user, project.projectId) && runner.ownerProjectId !== project.projectId;
    return allowed ? null : 'No access granted';
  }
}
