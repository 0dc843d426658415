import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectParams, paginate } from '@app/http';
import { apiError } from '@app/http/gitlab-errors';
import { RunnersProjection } from '@app/projections';
import { UserAuthenticator } from '../../auth/user-authenticator';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { RunnerAccess } from '../shared/runner-access';
import { RUNNER_STATUS_FILTERS } from '../shared/runner-filters';
import { filtersFrom } from '../shared/runner-list.params';
import { RunnerQueryService } from '../shared/runner-query.service';
import { RunnerPresenter } from '../shared/runner.presenter';
import { listOwnedRunnersParams } from './list-owned-runners.params';

@Controller('api/v4/runners')
export class ListOwnedRunnersController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly access: RunnerAccess,
    private readonly runners: RunnersProjection,
    private readonly query: RunnerQueryService,
    private readonly presenter: RunnerPresenter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    const owned = this.runners.all().filter(this.access.ownedRunnerFilter(user));
    const page = paginate(this.query.list(filtersFrom(params), owned), params, request, { baseUrl: this.config.externalUrl });
    reply.headers(page.headers);
    return this.presenter.list(page.items);
  }
}
