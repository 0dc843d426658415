import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, runnerStreamId, runnerTokenPrefix } from '@app/domain';
import { RunnersProjection } from '@app/projections';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { issueToken } from '../../infrastructure/token-issuer';
import { failed, succeeded, type Outcome } from '../shared/outcome';
import type { ResetTokenResult } from '../shared/registration-details';
import { TokenExpiryPolicy } from '../shared/token-expiry';
import { ResetRunnerTokenCommand } from './reset-runner-token.command';

@CommandHandler(ResetRunnerTokenCommand)
export class ResetRunnerTokenHandler implements ICommandHandler<ResetRunnerTokenCommand> {
  constructor(
    private readonly runners: RunnersProjection,
    private readonly executor: CommandExecutor,
    private readonly expiry: TokenExpiryPolicy,
    private readonly clock: Clock,
  ) {}

  async execute({ runnerId, actor }: ResetRunnerTokenCommand): Promise<Outcome<ResetTokenResult>> {
    const runner = this.runners.get(runnerId);
    if (!runner) return failed(new DomainError('not_found', 'Runner'));
    const now = this.clock.now();
    // Same prefix scheme as at creation; expiry from the settings in force now.
    const token = issueToken(runnerTokenPrefix(runner.runnerType, runner.registrationType));
    const tokenExpiresAt = this.expiry.expiresAt(runner, now);
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      { type: 'ResetRunnerAuthenticationToken', runnerId, tokenDigest: token.digest, tokenExpiresAt, now: now.toISOString() },
      commandContext(actor, now),
    );
    return result.ok ? succeeded({ token: token.plaintext, token_expires_at: tokenExpiresAt }) : failed(result.error);
  }
}
