import type { DomainEvent } from '../shared/decider';
import type { JobSnapshot } from './job.types';

/**
 * # The job contract
 *
 * Jobs are not scheduled here: the CI side (GitLab's scheduler) creates them, hands them to runners
 * and moves them through their lifecycle. This registry only learns the facts, as **job events**,
 * so that `GET /api/v4/runners/:id/jobs` can answer as GitLab does.
 *
 * A job event is one JSON object, in GitLab's wire names, holding the job as it is now:
 *
 * - the JobBasicWithProject fields (GitLab lib/api/entities/ci/job_basic_with_project.rb): `id`, `status`, `stage`, `name`, `ref`, `tag`,
 *   `coverage`, `allow_failure`, `created_at`, `started_at`, `finished_at`, `erased_at`,
 *   `duration`, `queued_duration`, `user` {id, username, name, …}, `commit` {id, short_id, title, …},
 *   `pipeline` {id, project_id, sha, ref, status, …}, `failure_reason`, `web_url`;
 * - `project_id`: the job's project (its name and path come from the directory, not the event);
 * - `runner_id` (null while pending) and `system_id` (the runner manager that ran it, or null).
 *
 * Required: `id` (a positive integer), `status` (one of JOB_STATUSES) and `project_id` (an integer);
 * `runner_id` must be an integer or null. Everything else may be absent (null, or false for the
 * two booleans). Nested objects keep extra keys verbatim.
 *
 * Semantics: an upsert by job id. Each job has one stream, `job-<id>`, and every accepted event
 * appends `JobRecorded` (v1) carrying the full snapshot; the latest one is the job. An event
 * identical to the current snapshot appends nothing, so redelivery (at-least-once transports
 * such as Kafka) is harmless. Snapshots are applied in arrival order: a late, older snapshot wins
 * over a newer one, so producers must publish a job's events in order (one partition per job).
 *
 * Transports: `POST /api/v4/internal/job_events` (one event or an array of up to 1,000, by an
 * administrator's `api` token) for deployments without Kafka; a Kafka consumer is to call the
 * same RecordJobEvents command.
 */

/** v1: the job as it is now, replacing whatever was known before. */
export type JobRecorded = DomainEvent<'JobRecorded', JobSnapshot>;

export type JobEvent = JobRecorded;

export type JobEventType = JobEvent['type'];

export const JOB_EVENT_SCHEMA_VERSIONS: Readonly<Record<JobEventType, number>> = {
  JobRecorded: 1,
};

export const isJobEventType = (type: string): type is JobEventType => type in JOB_EVENT_SCHEMA_VERSIONS;
