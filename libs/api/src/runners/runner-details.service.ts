import { Injectable } from '@nestjs/common';
import type { RunnerView, UserView } from '@app/projections';
import { RunnerAccess } from './runner-access';
import { RunnerPresenter } from './runner.presenter';

/** RunnerDetails as this caller may see it: projects, groups and the maintenance note filtered. */
@Injectable()
export class RunnerDetailsService {
  constructor(private readonly presenter: RunnerPresenter, private readonly access: RunnerAccess) {}

  render(runner: RunnerView, user: UserView, includeProjects = true): Record<string, unknown> {
    return this.presenter.details(runner, {
      projectIds: this.access.visibleProjectIds(user, runner),
      groupIds: this.access.visibleGroupIds(user, runner),
      showMaintenanceNote: this.access.canUpdate(user, runner),
      includeProjects,
    });
  }
}
