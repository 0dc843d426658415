import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { registrationRefusal, resolveRegistration, runnerTokenPrefix } from '@app/domain';
import { DirectoryProjection } from '@app/projections';
import { Clock } from '@app/common/clock';
import { digestToken, issueToken } from '@app/common/token-issuer';
import { NewRunnerWriter } from '@app/api/runners/new-runner-writer';
import { failed, succeeded, type Outcome } from '@app/event-store/command/outcome';
import type { RegistrationDetails } from '@app/api/runners/registration-details';
import { TokenExpiryPolicy } from '@app/api/runners/token-expiry';
import { RegisterRunnerCommand } from './register-runner.command';

@CommandHandler(RegisterRunnerCommand)
export class RegisterRunnerHandler implements ICommandHandler<RegisterRunnerCommand> {
  constructor(
    private readonly directory: DirectoryProjection,
    private readonly newRunners: NewRunnerWriter,
    private readonly expiry: TokenExpiryPolicy,
    private readonly clock: Clock,
  ) {}

  async execute(command: RegisterRunnerCommand): Promise<Outcome<RegistrationDetails>> {
    const owner = this.directory.registrationTokenOwner(digestToken(command.registrationToken));
    const decision = resolveRegistration(owner, this.directory.instanceSettings()?.allowRunnerRegistrationToken ?? true);
    if (decision.outcome !== 'register') return failed(registrationRefusal(decision)!);

    const now = this.clock.now();
    const token = issueToken(runnerTokenPrefix(decision.runnerType, 'registration_token'));
    const projectIds = decision.projectId === null ? [] : [decision.projectId];
    const tokenExpiresAt = this.expiry.expiresAt({ runnerType: decision.runnerType, groupId: decision.groupId, projectIds }, now);

    const stored = await this.newRunners.write(
      {
        runnerType: decision.runnerType,
        registrationType: 'registration_token',
        groupId: decision.groupId,
        projectId: decision.projectId,
        name: command.name,
        attributes: command.attributes,
        creationState: 'finished',
        creatorId: null,
        tokenDigest: token.digest,
        tokenExpiresAt,
      },
      // A registering runner acts for itself.
      (runnerId) => ({ type: 'runner', id: runnerId }),
      now,
      command.correlationId,
    );
    if (!stored.ok) return failed(stored.error);
    return succeeded({ id: stored.value, token: token.plaintext, token_expires_at: tokenExpiresAt });
  }
}
