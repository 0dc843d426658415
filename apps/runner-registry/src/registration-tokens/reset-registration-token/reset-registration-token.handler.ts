import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { groupStreamId, INSTANCE_SETTINGS_STREAM, projectStreamId, DIRECTORY_STREAM } from '@app/domain';
import { Clock } from '@app/common/clock';
import { commandContext } from '@app/event-store/command/command-context';
import { DeciderRunner } from '@app/event-store';
import { issueRegistrationToken } from '@app/common/token-issuer';
import { failed, succeeded } from '@app/event-store/command/outcome';
import { ResetRegistrationTokenCommand } from './reset-registration-token.command';

@CommandHandler(ResetRegistrationTokenCommand)
export class ResetRegistrationTokenHandler implements ICommandHandler<ResetRegistrationTokenCommand> {
  constructor(private readonly runner: DeciderRunner, private readonly clock: Clock) {}

  async execute({ scope, scopeId, actor, correlationId }: ResetRegistrationTokenCommand) {
    const now = this.clock.now();
    const token = issueRegistrationToken(scope);
    const streamId = scope === 'instance' ? INSTANCE_SETTINGS_STREAM : scope === 'group' ? groupStreamId(scopeId!) : projectStreamId(scopeId!);
    const result = await this.runner.run({
      ...DIRECTORY_STREAM,
      streamId,
      command: { type: 'ResetRegistrationToken', scope, scopeId, tokenDigest: token.digest, now: now.toISOString() },
      context: commandContext(actor, now, correlationId),
    });
    return result.ok ? succeeded({ token: token.plaintext }) : failed<{ token: string }>(result.error);
  }
}
