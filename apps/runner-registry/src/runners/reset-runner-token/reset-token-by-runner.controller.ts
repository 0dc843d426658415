import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { IsDefined, IsOptional, IsString } from 'class-validator';
import { collectParams, paramsOf, describeRoute } from '@app/http';
import { heartbeatFromRequest } from '@app/api/runners/heartbeat-from-request';
import { RecordHeartbeatCommand } from '../record-heartbeat/record-heartbeat.command';
import { Clock } from '@app/common/clock';
import { ResetRunnerTokenCommand } from './reset-runner-token.command';
import { valueOrThrow } from '@app/http/domain-error.http';
import type { ResetTokenResult } from '@app/api/runners/registration-details';
import { RunnerTokenAuthenticator } from '@app/api/runners/runner-token-authenticator';
import { ref } from '@app/api/api-entities.schema';

export class ResetTokenByRunnerParams {
  @IsDefined() @IsString() token: string | null;
  @IsOptional() @IsString() system_id?: string | null;
}
const resetTokenByRunnerParams = paramsOf(ResetTokenByRunnerParams);

describeRoute('POST', '/api/v4/runners/reset_authentication_token', {
  summary: 'A runner rotates its own token',
  tag: 'runners',
  auth: 'runner',
  params: ResetTokenByRunnerParams,
  responses: { 201: { description: 'The new token, shown this once', schema: ref('RunnerToken') } },
});

@Controller('api/v4/runners')
export class ResetTokenByRunnerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly runners: RunnerTokenAuthenticator,
    private readonly clock: Clock,
  ) {}

  /** A runner rotates its own token (an expired token cannot): 201 {token, token_expires_at}. */
  @Post('reset_authentication_token')
  @HttpCode(201)
  async reset(@Req() request: FastifyRequest): Promise<ResetTokenResult> {
    const params = resetTokenByRunnerParams.parse(collectParams(request));
    const runner = this.runners.require(params.token);
    // GitLab's authenticate_runner! heartbeats before the rotation (GitLab lib/api/ci/helpers/runner.rb).
    valueOrThrow(await this.commands.execute(new RecordHeartbeatCommand(runner.id, heartbeatFromRequest(request, params.system_id, this.clock.now()), request.id)));
    return valueOrThrow(await this.commands.execute(new ResetRunnerTokenCommand(runner.id, { type: 'runner', id: runner.id }, request.id)));
  }
}
