import { Command } from '@nestjs/cqrs';
import type { RunnerAttributes } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';
import type { RegistrationDetails } from '@app/api/runners/registration-details';

/** Register a runner with a registration token (GitLab's legacy workflow, `POST /runners`). */
export class RegisterRunnerCommand extends Command<Outcome<RegistrationDetails>> {
  constructor(
    readonly registrationToken: string,
    readonly name: string | null,
    readonly attributes: RunnerAttributes,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
