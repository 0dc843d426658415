import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { GroupLookup } from '@app/api/groups/group-lookup';
import { resetGroupRegistrationTokenRefusal } from '@app/domain';
import { collectParams } from '@app/http';
import { refuseIf, valueOrThrow } from '@app/http/domain-error.http';
import { DirectoryProjection } from '@app/projections';
import { ResetRegistrationTokenCommand } from './reset-registration-token.command';

@Controller('api/v4/groups')
export class ResetGroupRegistrationTokenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly groups: GroupLookup,
    private readonly directory: DirectoryProjection,
  ) {}

  /** Owners replace the group's registration token: 201 {token}; refused to everyone while registration tokens are off. */
  @Post(':id/runners/reset_registration_token')
  @HttpCode(201)
  async reset(@Req() request: FastifyRequest): Promise<{ token: string }> {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    const group = this.groups.find(raw.id);
    refuseIf(resetGroupRegistrationTokenRefusal(user, { directory: this.directory, group }));
    return valueOrThrow(await this.commands.execute(new ResetRegistrationTokenCommand('group', group!.groupId, { type: 'user', id: user.userId })));
  }
}
