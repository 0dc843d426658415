import { Injectable } from '@nestjs/common';
import { runnerStreamId, type Actor, type RegisterRunner, RUNNER_STREAM } from '@app/domain';
import { commandContext } from '@app/event-store/command/command-context';
import { DeciderRunner } from '@app/event-store';
import { failed, succeeded, type Outcome } from '@app/event-store/command/outcome';
import { RunnerIdAllocator } from './runner-id-allocator';

/** Ids proposed before giving up when other replicas keep taking them first. */
const MAX_ID_ATTEMPTS = 50;

/** A new runner as registration and creation describe it; the writer picks its id. */
export type NewRunner = Omit<RegisterRunner, 'type' | 'runnerId' | 'now'>;

/**
 * Stores a new runner under the next free id, shared by registration (`POST /runners`) and
 * creation (`POST /user/runners`). An id is taken by appending `runner-<id>` with "no stream"
 * expected: a conflict means another replica won that id, so the next one is tried. A refusal
 * (a validation error) gives the id back, so no gap appears.
 */
@Injectable()
export class NewRunnerWriter {
  constructor(
    private readonly ids: RunnerIdAllocator,
    private readonly runner: DeciderRunner,
  ) {}

  /** The id the runner got, or the domain's refusal. `actor` may name the runner itself, hence a function of its id. */
  async write(runner: NewRunner, actor: (runnerId: number) => Actor, now: Date, correlationId?: string): Promise<Outcome<number>> {
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const runnerId = this.ids.next();
      const result = await this.runner.run({
        ...RUNNER_STREAM,
        streamId: runnerStreamId(runnerId),
        command: { type: 'RegisterRunner', runnerId, ...runner, now: now.toISOString() },
        context: commandContext(actor(runnerId), now, correlationId),
        expectNewStream: true,
      });
      if (result.ok) return succeeded(runnerId);
      if (result.error.kind !== 'conflict') {
        this.ids.release(runnerId);
        return failed(result.error);
      }
    }
    throw new Error(`No free runner id after ${MAX_ID_ATTEMPTS} attempts`);
  }
}
