import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { UserPresenter } from '@app/api/users/user.presenter';
import { ref } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/personal_access_tokens/self', {
  summary: 'The token the request came with',
  tag: 'users',
  auth: 'user',
  responses: { 200: { description: 'The token, never its value', schema: ref('PersonalAccessToken') } },
});

@Controller('api/v4/personal_access_tokens')
export class GetOwnPersonalAccessTokenController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly users: UserPresenter,
  ) {}

  /**
   * `GET /personal_access_tokens/self` (lib/api/personal_access_tokens/self_information.rb): the
   * token the request came with, whatever its scopes (every token may read itself), never its value.
   * Fleet scripts use it to check a token's scopes and expiry.
   */
  @Get('self')
  self(@Req() request: FastifyRequest) {
    const { user, token } = this.auth.authenticate(request, collectParams(request), 'any_scope');
    return this.users.personalAccessToken(token, user);
  }
}
