import type { Instant } from '../shared/types';

/** GitLab's Ci::HasStatus::AVAILABLE_STATUSES, in GitLab's order (also the `status` filter values of GET /runners/:id/jobs). */
export const JOB_STATUSES = [
  'created',
  'waiting_for_resource',
  'preparing',
  'waiting_for_callback',
  'pending',
  'running',
  'success',
  'failed',
  'canceling',
  'canceled',
  'skipped',
  'manual',
  'scheduled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const isJobStatus = (value: unknown): value is JobStatus => typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);

/** Anything JSON can carry: the nested CI entities keep fields this registry does not interpret. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * The nested entities are GitLab's own (UserBasic, Commit, PipelineBasic), kept verbatim with
 * GitLab's snake_case keys: the registry only stores and shows them. The keys named here are the
 * ones the contract guarantees (null when the CI side did not send them); others pass through.
 */
export interface JobUser {
  readonly id: number;
  readonly username: string | null;
  readonly name: string | null;
  readonly [extra: string]: JsonValue;
}

export interface JobCommit {
  readonly id: string;
  readonly short_id: string | null;
  readonly title: string | null;
  readonly [extra: string]: JsonValue;
}

export interface JobPipeline {
  readonly id: number;
  readonly project_id: number | null;
  readonly sha: string | null;
  readonly ref: string | null;
  readonly status: string | null;
  readonly [extra: string]: JsonValue;
}

/**
 * Everything GitLab's JobBasicWithProject shows of a job, plus where it ran: the runner and the
 * runner manager (`systemId`, GitLab's system_xid). Times are ISO-8601 UTC with milliseconds.
 */
export interface JobSnapshot {
  readonly jobId: number;
  readonly status: JobStatus;
  readonly stage: string | null;
  readonly name: string | null;
  readonly ref: string | null;
  readonly tag: boolean;
  readonly coverage: number | null;
  readonly allowFailure: boolean;
  readonly createdAt: Instant | null;
  readonly startedAt: Instant | null;
  readonly finishedAt: Instant | null;
  readonly erasedAt: Instant | null;
  /** Seconds, fractional as in GitLab. */
  readonly duration: number | null;
  readonly queuedDuration: number | null;
  readonly user: JobUser | null;
  readonly commit: JobCommit | null;
  readonly pipeline: JobPipeline | null;
  readonly failureReason: string | null;
  readonly webUrl: string | null;
  readonly projectId: number;
  /** null while no runner has picked the job. */
  readonly runnerId: number | null;
  readonly systemId: string | null;
}

/**
 * A snapshot as it arrives, before the domain's rules ran: the status is any string until
 * validateJobSnapshot has accepted it.
 */
export type UnvalidatedJobSnapshot = Omit<JobSnapshot, 'status'> & { readonly status: string };

export const JOB_STREAM_PREFIX = 'job-';
export const jobStreamId = (jobId: number) => `${JOB_STREAM_PREFIX}${jobId}`;
