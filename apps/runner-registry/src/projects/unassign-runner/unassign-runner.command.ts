import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';

/** Stop a project from using a project runner it does not own. */
export class UnassignRunnerFromProjectCommand extends Command<Outcome<void>> {
  constructor(
    readonly runnerId: number,
    readonly projectId: number,
    readonly actor: Actor,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
