import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { ProjectLookup } from '@app/api/projects/project-lookup';
import { resetProjectRegistrationTokenRefusal } from '@app/domain';
import { collectParams } from '@app/http';
import { refuseIf, valueOrThrow } from '@app/http/domain-error.http';
import { DirectoryProjection } from '@app/projections';
import { ResetRegistrationTokenCommand } from './reset-registration-token.command';

@Controller('api/v4/projects')
export class ResetProjectRegistrationTokenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly projects: ProjectLookup,
    private readonly directory: DirectoryProjection,
  ) {}

  /** Maintainers replace the project's registration token: 201 {token}; refused to everyone while registration tokens are off. */
  @Post(':id/runners/reset_registration_token')
  @HttpCode(201)
  async reset(@Req() request: FastifyRequest): Promise<{ token: string }> {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    const project = this.projects.find(raw.id);
    refuseIf(resetProjectRegistrationTokenRefusal(user, { directory: this.directory, project }));
    return valueOrThrow(await this.commands.execute(new ResetRegistrationTokenCommand('project', project!.projectId, { type: 'user', id: user.userId })));
  }
}
