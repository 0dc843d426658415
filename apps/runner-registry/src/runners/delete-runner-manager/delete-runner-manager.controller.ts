import { Controller, Delete, HttpCode, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { IsDefined, IsString } from 'class-validator';
import { collectParams, paramsOf, describeRoute } from '@app/http';
import { apiError } from '@app/http/gitlab-errors';
import { RunnerTokenAuthenticator } from '@app/api/runners/runner-token-authenticator';
import { DeleteRunnerManagerCommand } from './delete-runner-manager.command';

export class DeleteRunnerManagerParams {
  @IsDefined() @IsString() token: string | null;
  @IsDefined() @IsString() system_id: string | null;
}
const deleteRunnerManagerParams = paramsOf(DeleteRunnerManagerParams);

describeRoute('DELETE', '/api/v4/runners/managers', {
  summary: 'A runner deletes one of its managers',
  tag: 'runners',
  auth: 'runner',
  params: DeleteRunnerManagerParams,
  responses: { 204: 'Deleted' },
  errors: { 404: '`404 Runner manager not found Not Found`' },
});

@Controller('api/v4/runners')
export class DeleteRunnerManagerController {
  constructor(private readonly commands: CommandBus, private readonly runners: RunnerTokenAuthenticator) {}

  /** 204; an unknown manager gets GitLab's doubled "Not Found" text, exactly. */
  @Delete('managers')
  @HttpCode(204)
  async remove(@Req() request: FastifyRequest): Promise<void> {
    const params = deleteRunnerManagerParams.parse(collectParams(request));
    const runner = this.runners.require(params.token);
    const outcome = await this.commands.execute(new DeleteRunnerManagerCommand(runner.id, params.system_id ?? '', request.id));
    if (!outcome.ok) throw apiError(404, '404 Runner manager not found Not Found');
  }
}
