import type { UnvalidatedJobSnapshot } from './job.types';

/** Upsert the job with this snapshot (a job event from the CI side). */
export interface RecordJob {
  readonly type: 'RecordJob';
  readonly job: UnvalidatedJobSnapshot;
}

export type JobCommand = RecordJob;
