import { isJobEventType, JOB_STREAM_PREFIX, type JobEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { DocumentCollection } from '../engine/document-collection';
import type { Projection } from '../engine/projection';
import type { JobView } from './job-view';
import { insertSorted, removeSorted } from '../sorted-ids';

const NO_IDS: readonly number[] = [];

/**
 * The jobs query model: job documents by id (persisted), with in-memory indexes of job ids by
 * runner and by runner + manager (system_id), each in ascending id order, because
 * GET /runners/:id/jobs pages through one runner's jobs by id. The indexes are derived from the
 * documents only, so hydrating and replaying give the same result.
 */
export class JobsProjection implements Projection {
  readonly name = 'jobs';
  private readonly jobs = new DocumentCollection<JobView>('jobs');
  readonly collections = [this.jobs] as DocumentCollection<unknown>[];

  private byRunner = new Map<number, number[]>();
  private byManager = new Map<string, number[]>();
  /** Whether byRunner and byManager are kept: a replay's rebuild, which only saves documents, builds them on first use if ever. */
  private lookupsKept: boolean;

  constructor(options: { lookups?: 'kept' | 'on first use' } = {}) {
    this.lookupsKept = (options.lookups ?? 'kept') === 'kept';
  }

  get(id: number): JobView | undefined {
    return this.jobs.get(id);
  }

  get count(): number {
    return this.jobs.size;
  }

  /**
   * Ids of the jobs the runner ran (or, with `systemId`, that one manager of it ran), ascending.
   * The array is shared and changes as events arrive: copy it before keeping it across awaits.
   */
  runnerJobIds(runnerId: number, systemId?: string): readonly number[] {
    if (!this.lookupsKept) {
      this.lookupsKept = true;
      this.afterHydrate();
    }
    if (systemId === undefined) return this.byRunner.get(runnerId) ?? NO_IDS;
    return this.byManager.get(managerKey(runnerId, systemId)) ?? NO_IDS;
  }

  afterHydrate(): void {
    if (!this.lookupsKept) return;
    this.byRunner.clear();
    this.byManager.clear();
    for (const job of this.jobs.values()) this.index(job);
  }

  replaceWith(other: Projection): void {
    if (!(other instanceof JobsProjection)) throw new TypeError(`jobs cannot take over ${other.name}`);
    this.jobs.replaceWith(other.jobs);
    this.byRunner = other.byRunner;
    this.byManager = other.byManager;
    this.lookupsKept = other.lookupsKept;
  }

  apply(recorded: RecordedEvent): void {
    if (!recorded.streamId.startsWith(JOB_STREAM_PREFIX) || !isJobEventType(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as JobEvent;
    switch (event.type) {
      case 'JobRecorded': {
        const previous = this.jobs.get(event.data.jobId);
        // A job moves between runners only from "none" to one, but a replay must not leave traces.
        if (previous) this.unindex(previous);
        this.jobs.set(event.data.jobId, event.data);
        this.index(event.data);
        return;
      }
    }
  }

  private index(job: JobView): void {
    if (job.runnerId === null || !this.lookupsKept) return;
    insertSorted(listFor(this.byRunner, job.runnerId), job.jobId);
    if (job.systemId !== null) insertSorted(listFor(this.byManager, managerKey(job.runnerId, job.systemId)), job.jobId);
  }

  private unindex(job: JobView): void {
    if (job.runnerId === null || !this.lookupsKept) return;
    removeFrom(this.byRunner, job.runnerId, job.jobId);
    if (job.systemId !== null) removeFrom(this.byManager, managerKey(job.runnerId, job.systemId), job.jobId);
  }
}

/** system_ids are arbitrary strings: JSON keeps the pair unambiguous. */
const managerKey = (runnerId: number, systemId: string) => JSON.stringify([runnerId, systemId]);

function listFor<K>(map: Map<K, number[]>, key: K): number[] {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = []));
  return ids;
}

function removeFrom<K>(map: Map<K, number[]>, key: K, id: number): void {
  const ids = map.get(key);
  if (!ids) return;
  removeSorted(ids, id);
  if (ids.length === 0) map.delete(key);
}
