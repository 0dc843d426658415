import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { GITLAB_REVISION, GITLAB_VERSION } from '@app/api/gitlab-version';
import { ref } from '@app/api/api-entities.schema';

describeRoute(['GET'], '/api/v4/metadata', {
  summary: 'The GitLab release whose Runners API this registry follows',
  tag: 'metadata',
  auth: 'user',
  responses: { 200: { description: 'Metadata', schema: ref('Metadata') } },
});
describeRoute(['GET'], '/api/v4/version', {
  summary: 'As `GET /metadata` (deprecated)',
  tag: 'metadata',
  auth: 'user',
  responses: { 200: { description: 'Metadata', schema: ref('Metadata') } },
});

@Controller('api/v4')
export class GetMetadataController {
  constructor(private readonly auth: UserAuthenticator) {}

  /**
   * `GET /metadata` and the deprecated `GET /version`, which GitLab answers alike (lib/api/metadata.rb,
   * Entities::Metadata): any signed-in user, `read_user` scopes suffice. This registry runs no KAS.
   */
  @Get(['metadata', 'version'])
  metadata(@Req() request: FastifyRequest) {
    this.auth.authenticate(request, collectParams(request), 'read_user');
    return {
      version: GITLAB_VERSION,
      revision: GITLAB_REVISION,
      kas: { enabled: false, externalUrl: null, externalK8sProxyUrl: null, version: null },
      enterprise: false,
    };
  }
}
