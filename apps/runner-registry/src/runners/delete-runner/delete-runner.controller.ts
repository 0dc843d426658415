import { Controller, Delete, HttpCode, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { IsDefined, IsInt } from 'class-validator';
import { collectParams, paramsOf, describeRoute } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { valueOrThrow } from '@app/http/domain-error.http';
import { deleteRunnerRefusal } from '@app/domain';
import { RunnerLookup } from '@app/api/runners/runner-lookup';
import { assertUnmodifiedSince } from '@app/api/runners/unmodified-since';
import { DeleteRunnerCommand } from './delete-runner.command';

export class DeleteRunnerParams {
  @IsDefined() @IsInt() id: number | null;
}
const deleteRunnerParams = paramsOf(DeleteRunnerParams);

describeRoute('DELETE', '/api/v4/runners/:id', {
  summary: 'Delete a runner',
  tag: 'runners',
  auth: 'user',
  params: DeleteRunnerParams,
  responses: { 204: 'Deleted' },
  errors: { 404: '`404 Runner Not Found`', 412: '`412 Precondition Failed`: changed since `If-Unmodified-Since`' },
});

@Controller('api/v4/runners')
export class DeleteRunnerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly lookup: RunnerLookup,
  ) {}

  /**
   * Delete a runner: 204, or 412 when If-Unmodified-Since is older than its last change. GitLab's
   * order: 404, then (non-administrators) "more than one project" before any access check, then
   * "No access granted", then the precondition.
   */
  @Delete(':id')
  @HttpCode(204)
  async remove(@Req() request: FastifyRequest): Promise<void> {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw, 'runner_by_id');
    const { id } = deleteRunnerParams.parse(raw);
    const runner = this.lookup.requireAllowed(id, user, deleteRunnerRefusal);
    assertUnmodifiedSince(request, runner.updatedAt);
    valueOrThrow(await this.commands.execute(new DeleteRunnerCommand(runner.id, { type: 'user', id: user.userId }, request.id)));
  }
}
