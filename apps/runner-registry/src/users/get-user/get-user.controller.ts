import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { forbidden, notFound, routeNotFound } from '@app/http/gitlab-errors';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { UserPresenter } from '@app/api/users/user.presenter';
import { DirectoryProjection } from '@app/projections';
import { getUserParams, GetUserParams } from './get-user.params';
import { ref } from '@app/api/api-entities.schema';

const DIGITS = /^[0-9]+$/;

describeRoute('GET', '/api/v4/users/:id', {
  summary: 'A user',
  tag: 'users',
  auth: 'user',
  params: GetUserParams,
  responses: { 200: { description: 'The user (administrators and auditors: the admin entity)', schema: ref('User') } },
  errors: { 404: '`404 User Not Found`' },
});

@Controller('api/v4/users')
export class GetUserController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly directory: DirectoryProjection,
    private readonly users: UserPresenter,
  ) {}

  /**
   * `GET /users/:id` (lib/api/users.rb), in GitLab's order: a bad token is 401, no token at all
   * 403 "Not authorized!" (the users API lets anonymous GETs through to the endpoint), an unknown
   * user 404. Administrators and auditors (`can_read_all_resources?`) get the admin entity, everyone
   * else Entities::User. Every directory user is active with a public profile, so anyone signed in
   * may read every one (UserPolicy's `read_user` and `read_user_profile`).
   */
  @Get(':id')
  show(@Req() request: FastifyRequest) {
    const raw = collectParams(request);
    if (!DIGITS.test(String((request.params as Record<string, unknown>).id))) throw routeNotFound();
    const current = this.auth.authenticateIfPresent(request, raw, 'read_user');
    if (!current) throw forbidden('Not authorized!');
    const viewer = current.user;
    const { id } = getUserParams.parse(raw);
    const user = this.directory.user(id!);
    if (!user) throw notFound('User');
    return viewer.admin || viewer.auditor ? this.users.withAdmin(user) : this.users.user(user);
  }
}
