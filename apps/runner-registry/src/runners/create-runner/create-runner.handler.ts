import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, runnerTokenPrefix } from '@app/domain';
import { DirectoryProjection } from '@app/projections';
import { NamespaceAccess } from '@app/api/auth/namespace-access';
import { Clock } from '@app/common/clock';
import { issueToken } from '@app/common/token-issuer';
import { NewRunnerWriter } from '@app/api/runners/new-runner-writer';
import { failed, succeeded, type Outcome } from '@app/event-store/command/outcome';
import type { RegistrationDetails } from '@app/api/runners/registration-details';
import { TokenExpiryPolicy } from '@app/api/runners/token-expiry';
import { CreateRunnerCommand } from './create-runner.command';

/** Rails' `humanize` of an attribute name: `tags_list` → "Tags list". */
const humanize = (attribute: string) => {
  const words = attribute.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Rails' `Array#to_sentence`: "a", "a and b", "a, b, and c". */
function toSentence(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}

/**
 * CreateRunnerService answers a failed save with the model's full messages as one sentence, and
 * the API turns that into `bad_request!`, not into a `{"message":{attr: [...]}}` hash.
 */
function asBadRequest(error: DomainError): DomainError {
  if (error.kind !== 'validation') return error;
  const fullMessages = Object.entries(error.attributeErrors).flatMap(([attribute, messages]) => messages.map((m) => `${humanize(attribute)} ${m}`));
  return new DomainError('invalid', `400 Bad request - ${toSentence(fullMessages)}`);
}

/**
 * GitLab's Ci::Runners::CreateRunnerService with its three creation strategies, in its order:
 * the scope must exist (400), the user must be allowed to create runners there (403), then the
 * runner must pass the model validations (400).
 */
@CommandHandler(CreateRunnerCommand)
export class CreateRunnerHandler implements ICommandHandler<CreateRunnerCommand> {
  constructor(
    private readonly directory: DirectoryProjection,
    private readonly namespaces: NamespaceAccess,
    private readonly newRunners: NewRunnerWriter,
    private readonly expiry: TokenExpiryPolicy,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateRunnerCommand): Promise<Outcome<RegistrationDetails>> {
    const refusal = this.scopeRefusal(command) ?? this.permissionRefusal(command);
    if (refusal) return failed(refusal);

    const { runnerType, scopeId, creator } = command;
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
    );
    if (!stored.ok) return failed(asBadRequest(stored.error));
    return succeeded({ id: stored.value, token: token.plaintext, token_expires_at: tokenExpiresAt });
  }

  /** `Group.find_by_id` / `Project.find_by_id`: any existing one passes, visible to the user or not. */
  private scopeRefusal({ runnerType, scopeId }: CreateRunnerCommand): DomainError | null {
    if (runnerType === 'group_type' && (scopeId === null || !this.directory.group(scopeId))) {
      return new DomainError('invalid', '400 Bad request - Missing/invalid group');
    }
    if (runnerType === 'project_type' && (scopeId === null || !this.directory.project(scopeId))) {
      return new DomainError('invalid', '400 Bad request - Missing/invalid project');
    }
    return null;
  }

  /** `create_instance_runner` (administrators), `create_runners` on the group (Owners) or on the project (Maintainers). */
  private permissionRefusal({ runnerType, scopeId, creator }: CreateRunnerCommand): DomainError | null {
    const allowed =
      runnerType === 'instance_type'
        ? creator.admin
        : runnerType === 'group_type'
          ? this.namespaces.canManageGroupRunners(creator, scopeId!)
          : this.namespaces.canManageProjectRunners(creator, scopeId!);
    return allowed ? null : new DomainError('forbidden', 'Insufficient permissions');
  }
}
