import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, runnerStreamId, runnerTokenPrefix, RUNNER_STREAM } from '@app/domain';
import { RunnersProjection } from '@app/projections';
import { Clock } from '@app/common/clock';
import { commandContext } from '@app/event-store/command/command-context';
import { DeciderRunner } from '@app/event-store';
import { issueToken } from '@app/common/token-issuer';
import { failed, succeeded, type Outcome } from '@app/event-store/command/outcome';
import type { ResetTokenResult } from '@app/api/runners/registration-details';
import { TokenExpiryPolicy } from '@app/api/runners/token-expiry';
import { ResetRunnerTokenCommand } from './reset-runner-token.command';

@CommandHandler(ResetRunnerTokenCommand)
export class ResetRunnerTokenHandler implements ICommandHandler<ResetRunnerTokenCommand> {
  constructor(
    private readonly runners: RunnersProjection,
    private readonly runner: DeciderRunner,
    private readonly expiry: TokenExpiryPolicy,
    private readonly clock: Clock,
  ) {}

  async execute({ runnerId, actor, correlationId }: ResetRunnerTokenCommand): Promise<Outcome<ResetTokenResult>> {
    const runner = this.runners.get(runnerId);
    if (!runner) return failed(DomainError.of('runner.not_found'));
    const now = this.clock.now();
    // Same prefix scheme as at creation; expiry from the settings in force now.
    const token = issueToken(runnerTokenPrefix(runner.runnerType, runner.registrationType));
    const tokenExpiresAt = this.expiry.expiresAt(runner, now);
    const result = await this.runner.run({
      ...RUNNER_STREAM,
      streamId: runnerStreamId(runnerId),
      command: { type: 'ResetRunnerAuthenticationToken', runnerId, tokenDigest: token.digest, tokenExpiresAt, now: now.toISOString() },
      context: commandContext(actor, now, correlationId),
    });
    return result.ok ? succeeded({ token: token.plaintext, token_expires_at: tokenExpiresAt }) : failed(result.error);
  }
}
