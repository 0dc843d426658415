import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { GITLAB_REVISION, GITLAB_VERSION } from './gitlab-version';

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
