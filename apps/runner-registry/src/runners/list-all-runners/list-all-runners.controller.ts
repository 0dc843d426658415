import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RunnerListResponder } from '@app/api/runners/runner-list.responder';
import { collectParams, describeRoute } from '@app/http';
import { refuseIf } from '@app/http/domain-error.http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { allRunnersRefusal } from '@app/domain';
import { listAllRunnersParams, ListAllRunnersParams } from './list-all-runners.params';
import { listOf } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/runners/all', {
  summary: 'Every runner of the instance (administrators and auditors)',
  tag: 'runners',
  auth: 'user',
  params: ListAllRunnersParams,
  pagination: 'keyset',
  responses: { 200: { description: 'A page of runners', schema: listOf('Runner') } },
  errors: { 405: 'Keyset pagination with another `order_by` or `sort`' },
});

@Controller('api/v4/runners')
export class ListAllRunnersController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly lists: RunnerListResponder,
  ) {}

  /** Every runner of the instance, for administrators and auditors; filtered and paginated as GitLab does. */
  @Get('all')
  listAll(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    const params = listAllRunnersParams.parse(raw);
    refuseIf(allRunnersRefusal(user));
    // Link URLs name GitLab's configured host, not the one the request came in on.
    return this.lists.respond(request, reply, params);
  }
}
