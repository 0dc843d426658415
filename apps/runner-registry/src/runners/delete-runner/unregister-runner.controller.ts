import { Controller, Delete, HttpCode, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { DeleteRunnerCommand } from './delete-runner.command';
import { valueOrThrow } from '@app/http/domain-error.http';
import { assertUnmodifiedSince } from '@app/api/runners/unmodified-since';
import { RunnerTokenAuthenticator } from '@app/api/runners/runner-token-authenticator';
import { runnerTokenParams, RunnerTokenParams } from '@app/api/runners/runner-token.params';

describeRoute('DELETE', '/api/v4/runners', {
  summary: 'A runner deletes itself',
  tag: 'runners',
  auth: 'runner',
  params: RunnerTokenParams,
  responses: { 204: 'Deleted' },
  errors: { 412: '`412 Precondition Failed`: changed since `If-Unmodified-Since`' },
});

@Controller('api/v4/runners')
export class UnregisterRunnerController {
  constructor(private readonly commands: CommandBus, private readonly runners: RunnerTokenAuthenticator) {}

  /** A runner deletes itself with its own token: 204. */
  @Delete()
  @HttpCode(204)
  async unregister(@Req() request: FastifyRequest): Promise<void> {
    const { token } = runnerTokenParams.parse(collectParams(request));
    const runner = this.runners.require(token);
    assertUnmodifiedSince(request, runner.updatedAt);
    valueOrThrow(await this.commands.execute(new DeleteRunnerCommand(runner.id, { type: 'runner', id: runner.id }, request.id)));
  }
}
