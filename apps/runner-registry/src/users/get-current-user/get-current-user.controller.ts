import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { UserPresenter } from '@app/api/users/user.presenter';
import { ref } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/user', {
  summary: "The token's owner",
  tag: 'users',
  auth: 'user',
  responses: { 200: { description: 'UserPublic, or UserWithAdmin for administrators', schema: ref('User') } },
});

@Controller('api/v4/user')
export class GetCurrentUserController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly users: UserPresenter,
  ) {}

  /**
   * `GET /user` (lib/api/users.rb): the token's owner, as Entities::UserWithAdmin for an
   * administrator and Entities::UserPublic for everyone else; `read_user` scopes suffice. The first
   * call of python-gitlab's `gl.auth()` and of most tools that check a token.
   */
  @Get()
  current(@Req() request: FastifyRequest) {
    const { user } = this.auth.authenticate(request, collectParams(request), 'read_user');
    return user.admin ? this.users.withAdmin(user) : this.users.public(user);
  }
}
