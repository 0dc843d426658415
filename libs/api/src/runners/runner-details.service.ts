import { Injectable } from '@nestjs/common';
import { holdsRunnerPermission, visibleRunnerGroupIds, visibleRunnerProjectIds } from '@app/domain';
import { DirectoryProjection, type RunnerView, type UserView } from '@app/projections';
import { RunnerPresenter } from './runner.presenter';

/** RunnerDetails as this caller may see it: projects, groups and the maintenance note filtered (libs/domain/src/access). */
@Injectable()
export class RunnerDetailsService {
  constructor(
    private readonly presenter: RunnerPresenter,
    private readonly directory: DirectoryProjection,
  ) {}

  render(runner: RunnerView, user: UserView, includeProjects = true): Record<string, unknown> {
    return this.presenter.details(runner, {
      projectIds: visibleRunnerProjectIds(user, runner, this.directory),
      groupIds: visibleRunnerGroupIds(user, runner, this.directory),
      showMaintenanceNote: holdsRunnerPermission(user, runner, this.directory, 'update_runner'),
      includeProjects,
    });
  }
}
