import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { paginate } from '@app/http';
import type { RunnerView } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { filtersFrom, type RunnerListInput } from './runner-list.params';
import { RunnerQueryService } from './runner-query.service';
import { RunnerPresenter, type RunnerEntity } from './runner.presenter';

/**
 * The tail every runner list shares: GitLab's filters over the runners the caller may list,
 * offset pagination with links on GitLab's host, the Runner entity.
 */
@Injectable()
export class RunnerListResponder {
  constructor(
    private readonly query: RunnerQueryService,
    private readonly presenter: RunnerPresenter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  respond(
    request: FastifyRequest,
    reply: FastifyReply,
    params: RunnerListInput & { page?: number | null; per_page?: number | null },
    candidates?: readonly RunnerView[],
  ): RunnerEntity[] {
    const page = paginate(this.query.list(filtersFrom(params), candidates), params, request, { baseUrl: this.config.externalUrl });
    reply.headers(page.headers);
    return this.presenter.list(page.items);
  }
}
