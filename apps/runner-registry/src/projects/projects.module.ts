import { Module } from '@nestjs/common';
import { RunnersSharedModule } from '../runners/shared/runners-shared.module';
import { AssignRunnerController } from './assign-runner/assign-runner.controller';
import { AssignRunnerToProjectHandler } from './assign-runner/assign-runner.handler';
import { ListProjectRunnersController } from './list-project-runners/list-project-runners.controller';
import { ResetProjectRegistrationTokenController } from './reset-project-registration-token/reset-project-registration-token.controller';
import { AssignmentAccess } from './shared/assignment-access';
import { ProjectLookup } from './shared/project-lookup';
import { UnassignRunnerController } from './unassign-runner/unassign-runner.controller';
import { UnassignRunnerFromProjectHandler } from './unassign-runner/unassign-runner.handler';

/** Runners seen from a project: list, assign, unassign, registration token. */
@Module({
  imports: [RunnersSharedModule],
  controllers: [ListProjectRunnersController, AssignRunnerController, UnassignRunnerController, ResetProjectRegistrationTokenController],
  providers: [ProjectLookup, AssignmentAccess, AssignRunnerToProjectHandler, UnassignRunnerFromProjectHandler],
})
export class ProjectsModule {}
