import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { valueOrThrow } from '@app/http/domain-error.http';
import type { RegistrationDetails } from '@app/api/runners/registration-details';
import { registrationAttributes } from '@app/api/runners/runner-params';
import { CreateRunnerCommand } from './create-runner.command';
import { parseCreateRunnerParams, CreateGroupRunnerParams, CreateInstanceRunnerParams, CreateProjectRunnerParams } from './create-runner.params';
import { ref } from '@app/api/api-entities.schema';

describeRoute('POST', '/api/v4/user/runners', {
  summary: 'Create a runner as a signed-in user',
  description: '`group_id` is required with `runner_type=group_type`, `project_id` with `project_type`.',
  tag: 'runners',
  auth: 'user',
  params: [CreateInstanceRunnerParams, CreateGroupRunnerParams, CreateProjectRunnerParams],
  responses: { 201: { description: "The runner and its `glrt-` token, shown this once", schema: ref('RegisteredRunner') } },
});

@Controller('api/v4/user')
export class CreateRunnerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
  ) {}

  /** Create a runner owned by the current user: 201 {id, token, token_expires_at}, the token prefixed glrt-. */
  @Post('runners')
  @HttpCode(201)
  async create(@Req() request: FastifyRequest): Promise<RegistrationDetails> {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw, 'create_runner');
    const params = parseCreateRunnerParams(raw);
    // attributes_for_keys: only present values (or an explicit false) are used, as in registration.
    const command = new CreateRunnerCommand(user, params.runner_type, params.scopeId, registrationAttributes(params), request.id);
    return valueOrThrow(await this.commands.execute(command));
  }
}
