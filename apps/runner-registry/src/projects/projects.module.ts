import { Module } from '@nestjs/common';
import { AssignRunnerController } from './assign-runner/assign-runner.controller';
import { AssignRunnerToProjectHandler } from './assign-runner/assign-runner.handler';
import { ListProjectRunnersController } from './list-project-runners/list-project-runners.controller';
import { UnassignRunnerController } from './unassign-runner/unassign-runner.controller';
import { UnassignRunnerFromProjectHandler } from './unassign-runner/unassign-runner.handler';

/** Runners seen from a project: list, assign, unassign. */
@Module({
  controllers: [ListProjectRunnersController, AssignRunnerController, UnassignRunnerController],
  providers: [AssignRunnerToProjectHandler, UnassignRunnerFromProjectHandler],
})
export class ProjectsModule {}
