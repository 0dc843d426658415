import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IsDefined, IsInt } from 'class-validator';
import { collectParams, describeRoute, paramsOf } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { RunnerManagerPresenter } from './runner-manager.presenter';

export class ListRunnerManagersParams {
  @IsDefined() @IsInt() id: number | null;
}
const listRunnerManagersParams = paramsOf(ListRunnerManagersParams);
import { readRunnerRefusal } from '@app/domain';
import { listOf } from '@app/api/api-entities.schema';

describeRoute('GET', '/api/v4/runners/:id/managers', {
  summary: "A runner's managers",
  tag: 'runners',
  auth: 'user',
  params: ListRunnerManagersParams,
  responses: { 200: { description: 'Every manager of the runner, unpaginated', schema: listOf('RunnerManager') } },
  errors: { 404: '`404 Runner Not Found`' },
});

@Controller('api/v4/runners')
export class ListRunnerManagersController {
  constructor(
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
    private readonly presenter: RunnerManagerPresenter,
  ) {}

  /** The runner's managers, unpaginated as in GitLab; readable by whoever may read the runner. */
  @Get(':id/managers')
  list(@Req() request: FastifyRequest) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw, 'runner_by_id');
    const { id } = listRunnerManagersParams.parse(raw);
    return this.presenter.list(this.lookup.requireAllowed(id, user, readRunnerRefusal));
  }
}
