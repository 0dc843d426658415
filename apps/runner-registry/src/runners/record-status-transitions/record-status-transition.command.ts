import { Command } from '@nestjs/cqrs';
import type { StatusThresholds } from '@app/domain';
import type { Outcome } from '@app/event-store';

/**
 * Record that a runner went offline or stale, once per transition. The decider re-checks the
 * threshold against the log, so replicas sending it for the same runner record it once. The value
 * says whether anything was recorded.
 */
export class RecordStatusTransitionCommand extends Command<Outcome<boolean>> {
  constructor(
    readonly runnerId: number,
    readonly transition: 'offline' | 'stale',
    readonly thresholds: StatusThresholds,
    readonly now: Date,
  ) {
    super();
  }
}
