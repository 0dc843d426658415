import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RunnerListResponder } from '@app/api/runners/runner-list.responder';
import { collectParams, describeRoute } from '@app/http';
import { apiError } from '@app/http/gitlab-errors';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { ownedRunnerMembership } from '@app/domain';
import { DirectoryProjection } from '@app/projections';
import { RUNNER_STATUS_FILTERS } from '@app/api/runners/runner-filters';
import { listOwnedRunnersParams, ListOwnedRunnersParams } from './list-owned-runners.params';
import { listOf } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/runners', {
  summary: 'The runners the caller owns',
  tag: 'runners',
  auth: 'user',
  params: ListOwnedRunnersParams,
  pagination: 'keyset',
  responses: { 200: { description: 'A page of runners', schema: listOf('Runner') } },
  errors: { 405: 'Keyset pagination with another `order_by` or `sort`' },
});

@Controller('api/v4/runners')
export class ListOwnedRunnersController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly directory: DirectoryProjection,
    private readonly lists: RunnerListResponder,
  ) {}

  /** The runners the current user owns (User#ci_owned_runners), filtered and paginated as `/runners/all`. */
  @Get()
  listOwned(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    const params = listOwnedRunnersParams.parse(raw);
    // `filter_runners(..., allowed_scopes: AVAILABLE_STATUSES)`: shared, specific and the types pass Grape but not this.
    if (params.scope && !(RUNNER_STATUS_FILTERS as readonly string[]).includes(params.scope)) {
      throw apiError(400, 'Scope contains invalid value');
    }
    return this.lists.respond(request, reply, params, ownedRunnerMembership(user, this.directory));
  }
}
