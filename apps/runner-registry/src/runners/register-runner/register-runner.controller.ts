import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { valueOrThrow } from '@app/http/domain-error.http';
import { registrationAttributes } from '@app/api/runners/runner-params';
import { RegisterRunnerCommand } from './register-runner.command';
import { registerRunnerParams, RegisterRunnerParams } from './register-runner.params';
import { ref } from '@app/api/api-entities.schema';

describeRoute('POST', '/api/v4/runners', {
  summary: 'Register a runner with a registration token (legacy workflow)',
  tag: 'runners',
  auth: 'registration',
  params: RegisterRunnerParams,
  responses: { 201: { description: "The runner and its token, shown this once", schema: ref('RegisteredRunner') } },
  errors: { 410: 'Registration with registration tokens is disallowed here' },
});

@Controller('api/v4/runners')
export class RegisterRunnerController {
  constructor(private readonly commands: CommandBus) {}

  /** Register a runner with a registration token: 201 {id, token, token_expires_at}. */
  @Post()
  @HttpCode(201)
  async register(@Req() request: FastifyRequest) {
    const params = registerRunnerParams.parse(collectParams(request));
    const name = params.info?.name?.trim() ? params.info.name : null;
    return valueOrThrow(await this.commands.execute(new RegisterRunnerCommand(params.token ?? '', name, registrationAttributes(params), request.id)));
  }
}
