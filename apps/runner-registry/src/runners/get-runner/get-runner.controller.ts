import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UserAuthenticator } from '../../auth/user-authenticator';
import { RunnerAccess } from '../shared/runner-access';
import { RunnerDetailsService } from '../shared/runner-details.service';
import { RunnerLookup, requestParams } from '../shared/runner-lookup';
import { getRunnerParams } from './get-runner.params';

@Controller('api/v4/runners')
export class GetRunnerController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
    private readonly access: RunnerAccess,
    private readonly details: RunnerDetailsService,
  ) {}

  /** A runner's details, read from the query model only. */
  @Get(':id')
  get(@Req() request: FastifyRequest) {
    const raw = requestParams(request);
    const { user } = this.auth.authenticate(request, raw, 'runner_by_id');
    const params = getRunnerParams.parse(raw);
    const runner = this.lookup.requireWith(params.id, user, (u, r) => this.access.canRead(u, r));
    return this.details.render(runner, user, params.include_projects);
  }
}
