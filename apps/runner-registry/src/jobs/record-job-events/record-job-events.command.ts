import { Command } from '@nestjs/cqrs';
import type { Actor, UnvalidatedJobSnapshot } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';

export interface RecordJobEventsResult {
  /** Events that changed their job (one JobRecorded each). */
  readonly recorded: number;
  /** Events identical to their job's current snapshot: redeliveries, nothing appended. */
  readonly unchanged: number;
}

/**
 * Upsert jobs from job events, all or nothing as far as validation goes: one invalid event and
 * none is stored. Sent by POST /internal/job_events and by the job-events Kafka consumer.
 */
export class RecordJobEventsCommand extends Command<Outcome<RecordJobEventsResult>> {
  constructor(
    readonly jobs: readonly UnvalidatedJobSnapshot[],
    readonly actor: Actor,
    /** Name events by position in validation errors (`job_events[3][status]`), for array bodies. */
    readonly batch = false,
    /**
     * The id of the event the job at `jobIndex` appends, when the transport has a message id
     * (Kafka): a redelivered message then appends nothing, even after the job moved on.
     */
    readonly eventId?: (jobIndex: number) => string,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
