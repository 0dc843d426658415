import { Controller, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { valueOrThrow } from '@app/http/domain-error.http';
import { RunnerDetailsService } from '@app/api/runners/runner-details.service';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { pausedFrom, updateChanges } from '@app/api/runners/runner-params';
import { UpdateRunnerCommand } from './update-runner.command';
import { updateRunnerParams, UpdateRunnerParams } from './update-runner.params';
import { updateRunnerRefusal } from '@app/domain';
import { ref } from '@app/api/api-entities.schema';

describeRoute('PUT', '/api/v4/runners/:id', {
  summary: "Update a runner's attributes, pause or resume it",
  tag: 'runners',
  auth: 'user',
  params: UpdateRunnerParams,
  responses: { 200: { description: 'The runner after the change', schema: ref('RunnerDetails') } },
  errors: { 404: '`404 Runner Not Found`' },
});

@Controller('api/v4/runners')
export class UpdateRunnerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
    private readonly details: RunnerDetailsService,
  ) {}

  /** Update a runner's attributes, pausing through `paused` or the deprecated `active`: 200 RunnerDetails. */
  @Put(':id')
  async update(@Req() request: FastifyRequest) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw, 'runner_by_id');
    const params = updateRunnerParams.parse(raw);
    const runner = this.lookup.requireAllowed(params.id, user, updateRunnerRefusal);
    valueOrThrow(await this.commands.execute(new UpdateRunnerCommand(runner.id, pausedFrom(params), updateChanges(params), { type: 'user', id: user.userId }, request.id)));
    return this.details.render(this.lookup.require(runner.id), user);
  }
}
