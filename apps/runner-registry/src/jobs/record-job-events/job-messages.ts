import { JOB_STATUSES, type UnvalidatedJobSnapshot } from '@app/domain';
import { parseJobEvent } from './job-event.params';
import { InboundRejection } from '@app/kafka/inbound/inbound-rejection';
import type { JsonSchema } from '@app/kafka/inbound/json-schema-validator';

/**
 * The job-events contract: a CloudEvent of type `job.changed` whose `data` is one job event exactly
 * as POST /api/v4/internal/job_events takes it (README "Jobs: the contract with the CI side",
 * libs/domain/src/job/job.events.ts). Kafka key: the job id, so one job's events stay in order.
 */
export const JOB_CHANGED_TYPE = 'job.changed';

/**
 * What docs/asyncapi.yaml publishes for `data` (components.schemas.JobChangedData). The consumer
 * itself parses with the HTTP endpoint's Grape-style reader (parseJobEvent), which also coerces
 * numeric strings, and the domain checks values: both transports accept the same events.
 */
const nullableString: JsonSchema = { type: ['string', 'null'] };
const nullableNumber: JsonSchema = { type: ['number', 'null'] };
const nullableTime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
export const JOB_CHANGED_DATA_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'status', 'project_id'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    status: { type: 'string', enum: [...JOB_STATUSES] },
    project_id: { type: 'integer' },
    runner_id: { type: ['integer', 'null'] },
    system_id: nullableString,
    stage: nullableString,
    name: nullableString,
    ref: nullableString,
    tag: { type: ['boolean', 'null'] },
    coverage: nullableNumber,
    allow_failure: { type: ['boolean', 'null'] },
    created_at: nullableTime,
    started_at: nullableTime,
    finished_at: nullableTime,
    erased_at: nullableTime,
    duration: nullableNumber,
    queued_duration: nullableNumber,
    user: {
      type: ['object', 'null'],
      required: ['id'],
      properties: { id: { type: 'integer' }, username: nullableString, name: nullableString },
    },
    commit: {
      type: ['object', 'null'],
      required: ['id'],
      properties: { id: { type: 'string' }, short_id: nullableString, title: nullableString },
    },
    pipeline: {
      type: ['object', 'null'],
      required: ['id'],
      properties: { id: { type: 'integer' }, project_id: { type: ['integer', 'null'] }, sha: nullableString, ref: nullableString, status: nullableString },
    },
    failure_reason: nullableString,
    web_url: nullableString,
  },
};

/** The job in `data`, or a schema-violation with Grape's wording (`status is missing`). */
export function jobSnapshotOf(data: Record<string, unknown>): UnvalidatedJobSnapshot {
  const errors: string[] = [];
  const job = parseJobEvent(data, 'data', errors);
  if (!job) throw new InboundRejection('schema-violation', errors.join(', '));
  return job;
}
