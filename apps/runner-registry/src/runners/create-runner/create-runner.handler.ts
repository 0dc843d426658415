import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { creationRefusal, createRunnerRefusal, runnerTokenPrefix } from '@app/domain';
import { DirectoryProjection } from '@app/projections';
import { Clock } from '@app/common/clock';
import { issueToken } from '@app/common/token-issuer';
import { NewRunnerWriter } from '@app/api/runners/new-runner-writer';
import { failed, succeeded, type Outcome } from '@app/event-store/command/outcome';
import type { RegistrationDetails } from '@app/api/runners/registration-details';
import { TokenExpiryPolicy } from '@app/api/runners/token-expiry';
import { CreateRunnerCommand } from './create-runner.command';

/**
 * GitLab's Ci::Runners::CreateRunnerService with its three creation strategies, in its order:
 * the scope must exist (400) and the user must be allowed to create runners there (403), both
 * createRunnerRefusal (libs/domain/src/access); then the runner must pass the model validations (400).
 */
@CommandHandler(CreateRunnerCommand)
export class CreateRunnerHandler implements ICommandHandler<CreateRunnerCommand> {
  constructor(
    private readonly directory: DirectoryProjection,
    private readonly newRunners: NewRunnerWriter,
    private readonly expiry: TokenExpiryPolicy,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateRunnerCommand): Promise<Outcome<RegistrationDetails>> {
    const { runnerType, scopeId, creator } = command;
    const refusal = createRunnerRefusal(creator, { directory: this.directory, runnerType, scopeId });
    if (refusal) return failed(refusal);

    const groupId = runnerType === 'group_type' ? scopeId : null;
    const projectId = runnerType === 'project_type' ? scopeId : null;
    const now = this.clock.now();
    const token = issueToken(runnerTokenPrefix(runnerType, 'authenticated_user'));
    const tokenExpiresAt = this.expiry.expiresAt({ runnerType, groupId, projectIds: projectId === null ? [] : [projectId] }, now);

    const stored = await this.newRunners.write(
      {
        runnerType,
        registrationType: 'authenticated_user',
        groupId,
        projectId,
        name: null,
        attributes: command.attributes,
        // Until the runner first asks for a job with its new token.
        creationState: 'started',
        creatorId: creator.userId,
        tokenDigest: token.digest,
        tokenExpiresAt,
      },
      () => ({ type: 'user', id: creator.userId }),
      now,
      command.correlationId,
    );
    if (!stored.ok) return failed(creationRefusal(stored.error));
    return succeeded({ id: stored.value, token: token.plaintext, token_expires_at: tokenExpiresAt });
  }
}
