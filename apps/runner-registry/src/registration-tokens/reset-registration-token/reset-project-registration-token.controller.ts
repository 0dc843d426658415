import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams } from '@app/http';
import { forbidden } from '@app/http/gitlab-errors';
import { NamespaceAccess } from '@app/api/auth/namespace-access';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { ResetRegistrationTokenCommand } from './reset-registration-token.command';
import { valueOrThrow } from '@app/http/domain-error.mapper';
import { ProjectLookup } from '@app/api/projects/project-lookup';

@Controller('api/v4/projects')
export class ResetProjectRegistrationTokenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly projects: ProjectLookup,
    private readonly namespaces: NamespaceAccess,
  ) {}

  /**
   * Maintainers replace the project's registration token: 201 {token}. `update_runners_registration_token`
   * is prevented for everyone, administrators too, while the instance or the project's root group
   * disallows registration tokens.
   */
  @Post(':id/runners/reset_registration_token')
  @HttpCode(201)
  async reset(@Req() request: FastifyRequest): Promise<{ token: string }> {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    const project = this.projects.require(raw.id, user);
    if (!this.namespaces.canManageProjectRunners(user, project.projectId) || !this.projects.registrationTokensAllowed(project)) throw forbidden();
    return valueOrThrow(await this.commands.execute(new ResetRegistrationTokenCommand('project', project.projectId, { type: 'user', id: user.userId })));
  }
}
