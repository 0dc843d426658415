import { DomainError, type Decider } from '../shared/decider';
import type { JobCommand } from './job.commands';
import type { JobEvent } from './job.events';
import type { JobSnapshot } from './job.types';
import { validateJobSnapshot } from './job.validation';

/** A job stream only needs the latest snapshot: it decides whether an event says anything new. */
export interface JobState {
  readonly job: JobSnapshot | null;
}

export const initialJobState: JobState = { job: null };

/** Deep equality that ignores key order: a redelivered event may be re-serialised by the transport. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && sameJson(left[key], right[key]));
}

export function decideJob(command: JobCommand, state: JobState): readonly JobEvent[] | DomainError {
  switch (command.type) {
    case 'RecordJob': {
      const errors = validateJobSnapshot(command.job);
      if (Object.keys(errors).length > 0) return DomainError.validation(errors);
      // Validated above: the status is one of GitLab's.
      const job = command.job as JobSnapshot;
      if (state.job && sameJson(state.job, job)) return [];
      return [{ type: 'JobRecorded', data: job }];
    }
  }
}

export function evolveJob(state: JobState, event: JobEvent): JobState {
  switch (event.type) {
    case 'JobRecorded':
      return { job: event.data };
    default:
      return state;
  }
}

export const jobDecider: Decider<JobCommand, JobEvent, JobState> = {
  initialState: initialJobState,
  decide: decideJob,
  evolve: evolveJob,
};
