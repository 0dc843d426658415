import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { forbidden } from '@app/http/gitlab-errors';
import { NamespaceAccess } from '@app/api/auth/namespace-access';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { valueOrThrow } from '@app/http/domain-error.mapper';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { RunnerPresenter, type RunnerEntity } from '@app/api/runners/runner.presenter';
import { AssignmentAccess } from '@app/api/projects/assignment-access';
import { authenticateForAssignment } from '@app/api/projects/assignment-authentication';
import { ProjectLookup } from '@app/api/projects/project-lookup';
import { AssignRunnerToProjectCommand } from './assign-runner.command';
import { assignRunnerParams } from './assign-runner.params';

@Controller('api/v4/projects')
export class AssignRunnerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly projects: ProjectLookup,
    private readonly namespaces: NamespaceAccess,
    private readonly lookup: RunnerLookup,
    private readonly access: AssignmentAccess,
    private readonly presenter: RunnerPresenter,
  ) {}

  /** Let the project use one more project runner: 201 with the runner (basic entity). */
  @Post(':id/runners')
  @HttpCode(201)
  async assign(@Req() request: FastifyRequest): Promise<RunnerEntity> {
    const raw = collectParams(request);
    const { user } = authenticateForAssignment(this.auth, request, raw);
    // The resource's `before` (authorize! :read_runners, user_project) runs ahead of Grape's param validation.
    const project = this.projects.require(raw.id, user);
    if (!this.namespaces.canReadProjectRunners(user, project.projectId)) throw forbidden();
    const params = assignRunnerParams.parse(raw);
    // authorize! :create_runners on the target project.
    if (!this.namespaces.canManageProjectRunners(user, project.projectId)) throw forbidden();
    const runner = this.lookup.require(params.runner_id);
    const refusal = this.access.assignRefusal(user, runner);
    if (refusal) throw forbidden(refusal);
    valueOrThrow(await this.commands.execute(new AssignRunnerToProjectCommand(runner.id, project.projectId, { type: 'user', id: user.userId })));
    return this.presenter.basic(this.lookup.require(runner.id));
  }
}
