import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { registerHotRead, collectParams, describeRoute, type ReadRequest } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { RunnerDetailsService } from '@app/api/runners/runner-details.service';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { getRunnerParams, GetRunnerParams } from './get-runner.params';
import { readRunnerRefusal } from '@app/domain';
import { ref } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/runners/:id', {
  summary: "A runner's details",
  tag: 'runners',
  auth: 'user',
  params: GetRunnerParams,
  responses: { 200: { description: 'The runner', schema: ref('RunnerDetails') } },
  errors: { 404: '`404 Runner Not Found`' },
});

/**
 * `GET /api/v4/runners/:id`, a runner's details from the query model. Dashboards and scripts poll
 * it, so it is a hot read (see registerHotRead) rather than a Nest controller.
 */
@Injectable()
export class GetRunnerRoute implements OnModuleInit {
  private readonly logger = new Logger('GetRunner');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
    private readonly details: RunnerDetailsService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerHotRead(fastify, '/api/v4/runners/:id', (request) => this.get(request), this.logger);
  }

  private get(request: ReadRequest): Record<string, unknown> {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw, 'runner_by_id');
    const params = getRunnerParams.parse(raw);
    const runner = this.lookup.requireAllowed(params.id, user, readRunnerRefusal);
    return this.details.render(runner, user, params.include_projects);
  }
}
