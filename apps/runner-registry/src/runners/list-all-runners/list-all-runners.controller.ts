import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectParams, paginate } from '@app/http';
import { forbidden } from '@app/http/gitlab-errors';
import { UserAuthenticator } from '../../auth/user-authenticator';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { RunnerAccess } from '../shared/runner-access';
import { filtersFrom } from '../shared/runner-list.params';
import { RunnerQueryService } from '../shared/runner-query.service';
import { RunnerPresenter } from '../shared/runner.presenter';
import { listAllRunnersParams } from './list-all-runners.params';

@Controller('api/v4/runners')
export class ListAllRunnersController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly access: RunnerAccess,
    private readonly query: RunnerQueryService,
    private readonly presenter: RunnerPresenter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every runner of the instance, for administrators and auditors; filtered and paginated as GitLab does. */
  @Get('all')
  listAll(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    const params = listAllRunnersParams.parse(raw);
    if (!this.access.canReadAll(user)) throw forbidden();
    // Link URLs name GitLab's configured host, not the one the request came in on.
    const page = paginate(this.query.list(filtersFrom(params)), params, request, { baseUrl: this.config.externalUrl });
    reply.headers(page.headers);
    return this.presenter.list(page.items);
  }
}
