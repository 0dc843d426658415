import { Command } from '@nestjs/cqrs';
import type { Actor, RunnerDetailChanges } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';

/** Change a runner's attributes; `paused` pauses or resumes it. Absent fields stay as they are. */
export class UpdateRunnerCommand extends Command<Outcome<void>> {
  constructor(
    readonly runnerId: number,
    readonly paused: boolean | undefined,
    readonly changes: RunnerDetailChanges,
    readonly actor: Actor,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
