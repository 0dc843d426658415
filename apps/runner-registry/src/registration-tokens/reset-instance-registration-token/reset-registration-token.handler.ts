import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { groupStreamId, INSTANCE_SETTINGS_STREAM, projectStreamId } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { issueRegistrationToken } from '../../infrastructure/token-issuer';
import { failed, succeeded } from '../../runners/shared/outcome';
import { ResetRegistrationTokenCommand } from './reset-registration-token.command';

@CommandHandler(ResetRegistrationTokenCommand)
export class ResetRegistrationTokenHandler implements ICommandHandler<ResetRegistrationTokenCommand> {
  constructor(private readonly executor: CommandExecutor, private readonly clock: Clock) {}

  async execute({ scope, scopeId, actor }: ResetRegistrationTokenCommand) {
    const now = this.clock.now();
    const token = issueRegistrationToken(scope);
    const streamId = scope === 'instance' ? INSTANCE_SETTINGS_STREAM : scope === 'group' ? groupStreamId(scopeId!) : projectStreamId(scopeId!);
    const result = await this.executor.directory(
      streamId,
      { type: 'ResetRegistrationToken', scope, scopeId, tokenDigest: token.digest, now: now.toISOString() },
      commandContext(actor, now),
    );
    return result.ok ? succeeded({ token: token.plaintext }) : failed<{ token: string }>(result.error);
  }
}
