import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RunnerListResponder } from '@app/api/runners/runner-list.responder';
import { collectParams, describeRoute } from '@app/http';
import { DirectoryProjection, type ProjectView } from '@app/projections';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { ProjectLookup } from '@app/api/projects/project-lookup';
import { listProjectRunnersParams, ListProjectRunnersParams } from './list-project-runners.params';
import { projectRunnersRefusal, type RunnerMembership } from '@app/domain';
import { refuseIf } from '@app/http/domain-error.http';
import { listOf } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/projects/:id/runners', {
  summary: "A project's runners, its groups' and the instance's it may use",
  description: '`:id` is the project id or its URL-encoded path.',
  tag: 'projects',
  auth: 'user',
  params: ListProjectRunnersParams,
  pagination: 'keyset',
  responses: { 200: { description: 'A page of runners', schema: listOf('Runner') } },
  errors: { 404: '`404 Project Not Found`', 405: 'Keyset pagination with another `order_by` or `sort`' },
});

@Controller('api/v4/projects')
export class ListProjectRunnersController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly projects: ProjectLookup,
    private readonly directory: DirectoryProjection,
    private readonly lists: RunnerListResponder,
  ) {}

  /** The runners a project can use: its own, its groups' and the instance's; filtered and paginated as GitLab does. */
  @Get(':id/runners')
  list(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    // The resource's `before` (find_project!, authorize! :read_runners) runs ahead of Grape's param validation.
    const project = this.projects.find(raw.id);
    refuseIf(projectRunnersRefusal(user, { directory: this.directory, project }));
    const params = listProjectRunnersParams.parse(raw);
    return this.lists.respond(request, reply, params, this.available(project!));
  }

  /**
   * Ci::Runner.owned_or_instance_wide: runners assigned to the project, group runners of its
   * group and every ancestor when it inherits group runners, instance runners when it takes
   * shared runners.
   */
  private available(project: ProjectView): RunnerMembership {
    const groupIds = new Set(project.groupRunnersEnabled ? this.directory.groupAncestry(project.namespaceId).map((g) => g.groupId) : []);
    return { instance: project.sharedRunnersEnabled, groupIds, projectIds: new Set([project.projectId]) };
  }
}
