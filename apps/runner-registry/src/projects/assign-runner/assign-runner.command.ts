import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';

/** Let one more project use a project runner. */
export class AssignRunnerToProjectCommand extends Command<Outcome<void>> {
  constructor(
    readonly runnerId: number,
    readonly projectId: number,
    readonly actor: Actor,
  ) {
    super();
  }
}
