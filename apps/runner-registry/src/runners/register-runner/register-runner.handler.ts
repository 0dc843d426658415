import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, resolveRegistration, runnerStreamId, runnerTokenPrefix } from '@app/domain';
import { DirectoryProjection } from '@app/projections';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { digestToken, issueToken } from '../../infrastructure/token-issuer';
import { failed, succeeded, type Outcome } from '../shared/outcome';
import type { RegistrationDetails } from '../shared/registration-details';
import { RunnerIdAllocator } from '../shared/runner-id-allocator';
import { TokenExpiryPolicy } from '../shared/token-expiry';
import { RegisterRunnerCommand } from './register-runner.command';

/** Ids proposed before giving up when other replicas keep taking them first. */
const MAX_ID_ATTEMPTS = 50;

@CommandHandler(RegisterRunnerCommand)
export class RegisterRunnerHandler implements ICommandHandler<RegisterRunnerCommand> {
  constructor(
    private readonly directory: DirectoryProjection,
    private readonly executor: CommandExecutor,
    private readonly ids: RunnerIdAllocator,
    private readonly expiry: TokenExpiryPolicy,
    private readonly clock: Clock,
  ) {}

  async execute(command: RegisterRunnerCommand): Promise<Outcome<RegistrationDetails>> {
    const owner = this.directory.registrationTokenOwner(digestToken(command.registrationToken));
    const decision = resolveRegistration(owner, this.directory.instanceSettings()?.allowRunnerRegistrationToken ?? true);
    if (decision.outcome === 'invalid_token') return failed(new DomainError('forbidden', 'invalid token supplied'));
    if (decision.outcome === 'disallowed') return failed(new DomainError('gone', 'runner registration disallowed'));

    const now = this.clock.now();
    const token = issueToken(runnerTokenPrefix(decision.runnerType, 'registration_token'));
    const projectIds = decision.projectId === null ? [] : [decision.projectId];
    const tokenExpiresAt = this.expiry.expiresAt({ runnerType: decision.runnerType, groupId: decision.groupId, projectIds }, now);

    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const runnerId = this.ids.next();
      const result = await this.executor.runner(
        runnerStreamId(runnerId),
        {
          type: 'RegisterRunner',
          runnerId,
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
          now: now.toISOString(),
        },
        commandContext({ type: 'runner', id: runnerId }, now),
      );
      if (result.ok) return succeeded({ id: runnerId, token: token.plaintext, token_expires_at: tokenExpiresAt });
      if (result.error.kind !== 'conflict') {
        this.ids.release(runnerId);
        return failed(result.error);
      }
    }
    throw new Error(`No free runner id after ${MAX_ID_ATTEMPTS} attempts`);
  }
}
