import { Command } from '@nestjs/cqrs';
import type { RunnerAttributes, RunnerType } from '@app/domain';
import type { UserView } from '@app/projections';
import type { Outcome } from '@app/event-store/command/outcome';
import type { RegistrationDetails } from '@app/api/runners/registration-details';

/**
 * Create a runner as a signed-in user (GitLab's new workflow, `POST /user/runners`): the user is
 * its creator, and its glrt- token is handed out once, for `gitlab-runner register --token`.
 */
export class CreateRunnerCommand extends Command<Outcome<RegistrationDetails>> {
  constructor(
    readonly creator: UserView,
    readonly runnerType: RunnerType,
    /** The group (group_type) or project (project_type) to create the runner in; null for instance runners. */
    readonly scopeId: number | null,
    readonly attributes: RunnerAttributes,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
