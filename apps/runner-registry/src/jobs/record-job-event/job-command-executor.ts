import { Inject, Injectable } from '@nestjs/common';
import { JOB_EVENT_SCHEMA_VERSIONS, jobDecider, jobStreamId, type JobEvent, type JobState, type UnvalidatedJobSnapshot } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { ConcurrencyConflictError, executeDeciderCommand, type CommandContext, type DeciderCommandResult } from '@app/event-store/command/decider-command';
import { conflict } from '@app/http/gitlab-errors';
import { ProjectionEngine } from '@app/projections';
import { KeyedSerializer } from '../../infrastructure/keyed-serializer';
import { EVENT_STORE } from '../../infrastructure/tokens';

/**
 * Runs RecordJob on a job's stream. Unlike CommandExecutor it does not wait for the query models
 * after each job: a batch of 1,000 jobs waits once, for the highest position (`visibleAt`).
 */
@Injectable()
export class JobCommandExecutor {
  /** Events for one job in one request (or concurrent requests) are decided in arrival order. */
  private readonly perStream = new KeyedSerializer();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly engine: ProjectionEngine,
  ) {}

  async record(job: UnvalidatedJobSnapshot, context: CommandContext, eventId?: string): Promise<DeciderCommandResult<JobEvent, JobState>> {
    const streamId = jobStreamId(job.jobId);
    try {
      return await this.perStream.run(streamId, () =>
        executeDeciderCommand({
          store: this.store,
          streamId,
          decider: jobDecider,
          command: { type: 'RecordJob', job },
          context,
          schemaVersions: JOB_EVENT_SCHEMA_VERSIONS,
          // RecordJob decides at most one event, so one id is enough.
          eventId: eventId === undefined ? undefined : () => eventId,
        }),
      );
    } catch (error) {
      // Only another process hammering the same job exhausts the retries; GitLab would answer 409 too.
      throw error instanceof ConcurrencyConflictError ? conflict() : error;
    }
  }

  /** Read-your-writes: resolves once the query models show everything up to `position`. */
  visibleAt(position: number): Promise<void> {
    return this.engine.waitFor(position);
  }
}
