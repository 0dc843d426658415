import { Injectable } from '@nestjs/common';
import type { RunnerView, UserView } from '@app/projections';

/**
 * Who may do what with a runner. This covers administrators, auditors (read everything) and any
 * signed-in user (reads instance runners), as GitLab's Ci::RunnerPolicy does for them; group and
 * project roles come with the scopes feature.
 */
@Injectable()
export class RunnerAccess {
  canReadAll(user: UserView): boolean {
    return user.admin || user.auditor;
  }

  canRead(user: UserView, runner: RunnerView): boolean {
    return this.canReadAll(user) || runner.runnerType === 'instance_type';
  }

  canUpdate(user: UserView, _runner: RunnerView): boolean {
    return user.admin;
  }

  canDelete(user: UserView, _runner: RunnerView): boolean {
    return user.admin;
  }

  /** Projects and groups of the runner that the caller may see in the details entity. */
  visibleProjectIds(user: UserView, runner: RunnerView): readonly number[] {
    return this.canReadAll(user) ? runner.projectIds : [];
  }

  visibleGroupIds(user: UserView, runner: RunnerView): readonly number[] {
    return this.canReadAll(user) && runner.groupId !== null ? [runner.groupId] : [];
  }
}
