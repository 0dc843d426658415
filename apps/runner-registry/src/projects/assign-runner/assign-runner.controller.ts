import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { authenticateForAssignment } from '@app/api/projects/assignment-authentication';
import { ProjectLookup } from '@app/api/projects/project-lookup';
import { RunnerPresenter, type RunnerEntity } from '@app/api/runners/runner.presenter';
import { assignRunnerRefusal, projectRunnersRefusal } from '@app/domain';
import { collectParams, describeRoute } from '@app/http';
import { refuseIf, valueOrThrow } from '@app/http/domain-error.http';
import { DirectoryProjection, RunnersProjection } from '@app/projections';
import { AssignRunnerToProjectCommand } from './assign-runner.command';
import { assignRunnerParams, AssignRunnerParams } from './assign-runner.params';
import { ref } from '@app/api/api-entities.schema';

describeRoute('POST', '/api/v4/projects/:id/runners', {
  summary: 'Assign a project runner to another project',
  tag: 'projects',
  auth: 'user',
  params: AssignRunnerParams,
  responses: { 201: { description: 'The runner', schema: ref('Runner') } },
  errors: { 404: '`404 Project Not Found` or `404 Runner Not Found`' },
});

@Controller('api/v4/projects')
export class AssignRunnerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly projects: ProjectLookup,
    private readonly directory: DirectoryProjection,
    private readonly runners: RunnersProjection,
    private readonly presenter: RunnerPresenter,
  ) {}

  /** Let the project use one more project runner: 201 with the runner (basic entity). */
  @Post(':id/runners')
  @HttpCode(201)
  async assign(@Req() request: FastifyRequest): Promise<RunnerEntity> {
    const raw = collectParams(request);
    const { user } = authenticateForAssignment(this.auth, request, raw);
    // The resource's `before` (find_project!, authorize! :read_runners) runs ahead of Grape's param validation.
    const project = this.projects.find(raw.id);
    refuseIf(projectRunnersRefusal(user, { directory: this.directory, project }));
    const { projectId } = project!;
    const params = assignRunnerParams.parse(raw);
    const runner = params.runner_id === null ? undefined : this.runners.get(params.runner_id);
    refuseIf(assignRunnerRefusal(user, { directory: this.directory, projectId, runner }));
    const runnerId = runner!.id;
    valueOrThrow(await this.commands.execute(new AssignRunnerToProjectCommand(runnerId, projectId, { type: 'user', id: user.userId }, request.id)));
    return this.presenter.basic(this.runners.get(runnerId)!);
  }
}
