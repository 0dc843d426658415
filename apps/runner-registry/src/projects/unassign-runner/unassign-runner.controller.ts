import { Controller, Delete, HttpCode, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { authenticateForAssignment } from '@app/api/projects/assignment-authentication';
import { ProjectLookup } from '@app/api/projects/project-lookup';
import { assertUnmodifiedSince } from '@app/api/runners/unmodified-since';
import { projectRunnersRefusal, unassignRunnerRefusal } from '@app/domain';
import { collectParams, describeRoute } from '@app/http';
import { refuseIf, valueOrThrow } from '@app/http/domain-error.http';
import { DirectoryProjection, RunnersProjection } from '@app/projections';
import { UnassignRunnerFromProjectCommand } from './unassign-runner.command';
import { unassignRunnerParams, UnassignRunnerParams } from './unassign-runner.params';

describeRoute('DELETE', '/api/v4/projects/:id/runners/:runner_id', {
  summary: 'Unassign a runner from a project',
  tag: 'projects',
  auth: 'user',
  params: UnassignRunnerParams,
  responses: { 204: 'Unassigned' },
  errors: { 404: '`404 Project Not Found` or `404 Runner Not Found`' },
});

@Controller('api/v4/projects')
export class UnassignRunnerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly projects: ProjectLookup,
    private readonly directory: DirectoryProjection,
    private readonly runners: RunnersProjection,
  ) {}

  /** Take a runner off a project that does not own it: 204, or 412 when If-Unmodified-Since is older than its last change. */
  @Delete(':id/runners/:runner_id')
  @HttpCode(204)
  async unassign(@Req() request: FastifyRequest): Promise<void> {
    const raw = collectParams(request);
    const { user } = authenticateForAssignment(this.auth, request, raw);
    // The resource's `before` (find_project!, authorize! :read_runners) runs ahead of Grape's param validation.
    const project = this.projects.find(raw.id);
    refuseIf(projectRunnersRefusal(user, { directory: this.directory, project }));
    const { projectId } = project!;
    const params = unassignRunnerParams.parse(raw);
    const runner = params.runner_id === null ? undefined : this.runners.get(params.runner_id);
    refuseIf(unassignRunnerRefusal(user, { directory: this.directory, projectId, runner }));
    assertUnmodifiedSince(request, runner!.updatedAt);
    valueOrThrow(await this.commands.execute(new UnassignRunnerFromProjectCommand(runner!.id, projectId, { type: 'user', id: user.userId }, request.id)));
  }
}
