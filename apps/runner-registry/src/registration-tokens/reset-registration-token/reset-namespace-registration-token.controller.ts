import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { GroupLookup } from '@app/api/groups/group-lookup';
import { ProjectLookup } from '@app/api/projects/project-lookup';
import { resetGroupRegistrationTokenRefusal, resetProjectRegistrationTokenRefusal, type Principal, type Refusal } from '@app/domain';
import { collectParams, describeRoute } from '@app/http';
import { refuseIf, valueOrThrow } from '@app/http/domain-error.http';
import { DirectoryProjection } from '@app/projections';
import { ResetRegistrationTokenCommand } from './reset-registration-token.command';
import { ref } from '@app/api/api-entities.schema';

describeRoute('POST', '/api/v4/groups/:id/runners/reset_registration_token', {
  summary: "Replace a group's registration token (Owners)",
  tag: 'registration tokens',
  auth: 'user',
  responses: { 201: { description: 'The new token, shown this once', schema: ref('RegistrationToken') } },
  errors: { 404: '`404 Group Not Found`' },
});
describeRoute('POST', '/api/v4/projects/:id/runners/reset_registration_token', {
  summary: "Replace a project's registration token (Maintainers)",
  tag: 'registration tokens',
  auth: 'user',
  responses: { 201: { description: 'The new token, shown this once', schema: ref('RegistrationToken') } },
  errors: { 404: '`404 Project Not Found`' },
});

/**
 * A group's Owners, or a project's Maintainers, replace its registration token: 201 {token};
 * refused to everyone, administrators too, while registration tokens are off for the instance or
 * the root group (the policies in libs/domain/src/access/registration-token-reset.policy.ts).
 */
@Controller('api/v4')
export class ResetNamespaceRegistrationTokenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly groups: GroupLookup,
    private readonly projects: ProjectLookup,
    private readonly directory: DirectoryProjection,
  ) {}

  @Post('groups/:id/runners/reset_registration_token')
  @HttpCode(201)
  resetGroup(@Req() request: FastifyRequest): Promise<{ token: string }> {
    return this.reset(request, 'group', (user, id) => {
      const group = this.groups.find(id);
      return { refusal: resetGroupRegistrationTokenRefusal(user, { directory: this.directory, group }), scopeId: group?.groupId };
    });
  }

  @Post('projects/:id/runners/reset_registration_token')
  @HttpCode(201)
  resetProject(@Req() request: FastifyRequest): Promise<{ token: string }> {
    return this.reset(request, 'project', (user, id) => {
      const project = this.projects.find(id);
      return { refusal: resetProjectRegistrationTokenRefusal(user, { directory: this.directory, project }), scopeId: project?.projectId };
    });
  }

  private async reset(
    request: FastifyRequest,
    scope: 'group' | 'project',
    check: (user: Principal, id: unknown) => { refusal: Refusal; scopeId: number | undefined },
  ): Promise<{ token: string }> {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    const { refusal, scopeId } = check(user, raw.id);
    refuseIf(refusal);
    return valueOrThrow(await this.commands.execute(new ResetRegistrationTokenCommand(scope, scopeId!, { type: 'user', id: user.userId }, request.id)));
  }
}
