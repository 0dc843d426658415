import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RunnerListResponder } from '@app/api/runners/runner-list.responder';
import { collectParams, describeRoute } from '@app/http';
import { DirectoryProjection, type GroupView } from '@app/projections';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { GroupLookup } from '@app/api/groups/group-lookup';
import { listGroupRunnersParams, ListGroupRunnersParams } from './list-group-runners.params';
import { groupRunnersRefusal, type RunnerMembership } from '@app/domain';
import { refuseIf } from '@app/http/domain-error.http';
import { listOf } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/groups/:id/runners', {
  summary: "A group's and its ancestors' runners, and the instance's",
  description: '`:id` is the group id or its URL-encoded path.',
  tag: 'groups',
  auth: 'user',
  params: ListGroupRunnersParams,
  pagination: 'keyset',
  responses: { 200: { description: 'A page of runners', schema: listOf('Runner') } },
  errors: { 404: '`404 Group Not Found`', 405: 'Keyset pagination with another `order_by` or `sort`' },
});

@Controller('api/v4/groups')
export class ListGroupRunnersController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly groups: GroupLookup,
    private readonly directory: DirectoryProjection,
    private readonly lists: RunnerListResponder,
  ) {}

  /** The runners a group can use: its own, its ancestors' and the instance's; filtered and paginated as GitLab does. */
  @Get(':id/runners')
  list(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    // The resource's `before` (find_group!, authorize! :read_runners) runs ahead of Grape's param validation.
    const group = this.groups.find(raw.id);
    refuseIf(groupRunnersRefusal(user, { directory: this.directory, group }));
    const params = listGroupRunnersParams.parse(raw);
    return this.lists.respond(request, reply, params, this.available(group!));
  }

  /**
   * Ci::Runner.group_or_instance_wide: group runners of the group and its ancestors (not of its
   * subgroups), plus instance runners (groups here have no switch to turn shared runners off).
   */
  private available(group: GroupView): RunnerMembership {
    return { instance: true, groupIds: new Set(this.directory.groupAncestry(group.groupId).map((g) => g.groupId)), projectIds: new Set() };
  }
}
