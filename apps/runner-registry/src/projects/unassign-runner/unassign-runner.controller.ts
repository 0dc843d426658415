import { Controller, Delete, HttpCode, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { forbidden, notFound } from '@app/http/gitlab-errors';
import { RunnersProjection } from '@app/projections';
import { NamespaceAccess } from '@app/api/auth/namespace-access';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { valueOrThrow } from '@app/http/domain-error.mapper';
import { assertUnmodifiedSince } from '@app/api/runners/unmodified-since';
import { AssignmentAccess } from '@app/api/projects/assignment-access';
import { authenticateForAssignment } from '@app/api/projects/assignment-authentication';
import { ProjectLookup } from '@app/api/projects/project-lookup';
import { UnassignRunnerFromProjectCommand } from './unassign-runner.command';
import { unassignRunnerParams } from './unassign-runner.params';

@Controller('api/v4/projects')
export class UnassignRunnerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly projects: ProjectLookup,
    private readonly namespaces: NamespaceAccess,
    private readonly runners: RunnersProjection,
    private readonly access: AssignmentAccess,
  ) {}

  /** Take a runner off a project that does not own it: 204, or 412 when If-Unmodified-Since is older than its last change. */
  @Delete(':id/runners/:runner_id')
  @HttpCode(204)
  async unassign(@Req() request: FastifyRequest): Promise<void> {
    const raw = collectParams(request);
    const { user } = authenticateForAssignment(this.auth, request, raw);
    // The resource's `before` (authorize! :read_runners, user_project) runs ahead of Grape's param validation.
    const project = this.projects.require(raw.id, user);
    if (!this.namespaces.canReadProjectRunners(user, project.projectId)) throw forbidden();
    const params = unassignRunnerParams.parse(raw);
    // user_project.runner_projects.find_by_runner_id: a runner not on this project is as missing as an unknown one.
    const runner = params.runner_id === null ? undefined : this.runners.get(params.runner_id);
    if (!runner || !runner.projectIds.includes(project.projectId)) throw notFound('Runner');
    const refusal = this.access.unassignRefusal(user, runner, project);
    if (refusal) throw forbidden(refusal);
    assertUnmodifiedSince(request, runner.updatedAt);
    valueOrThrow(await this.commands.execute(new UnassignRunnerFromProjectCommand(runner.id, project.projectId, { type: 'user', id: user.userId })));
  }
}
