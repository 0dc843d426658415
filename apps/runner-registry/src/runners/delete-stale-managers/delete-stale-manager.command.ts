import { Command } from '@nestjs/cqrs';
import type { StatusThresholds } from '@app/domain';
import type { Outcome } from '@app/event-store';

/**
 * Delete a runner manager neither created nor seen within the stale timeout, re-decided against the
 * log with the freshest contact the caller knows (`lastContactedAt`), so a manager that just came
 * back stays. The value says whether it was deleted.
 */
export class DeleteStaleManagerCommand extends Command<Outcome<boolean>> {
  constructor(
    readonly runnerId: number,
    readonly systemId: string,
    readonly lastContactedAt: Date | null,
    readonly thresholds: StatusThresholds,
    readonly now: Date,
  ) {
    super();
  }
}
