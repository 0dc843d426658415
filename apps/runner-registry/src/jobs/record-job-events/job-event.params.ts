/**
 * The transport half of the job contract (libs/domain/src/job/job.events.ts): turns GitLab-shaped
 * job event JSON into the domain's snapshot, with Grape's wording for shape errors
 * (`id is missing`, `coverage is invalid`, joined with ", " into 400 {"error": ...}). Value rules
 * (positive id, known status…) are the decider's, so that every transport shares them.
 *
 * Not defineParams: Grape's Float and Time types are needed here and nested hashes must keep
 * their undeclared keys. Coercion of integers, strings and booleans is Grape's, as elsewhere.
 */
import type { JobCommit, JobPipeline, JobUser, JsonValue, UnvalidatedJobSnapshot } from '@app/domain';
import { paramsInvalid } from '@app/http/gitlab-errors';
import { coerce, INVALID } from '@app/http/grape-coercions';
import { isParamHash } from '@app/http';

/** Enough for a burst of a busy instance, small enough to stay well inside the 1 MiB body limit's work. */
export const MAX_JOB_EVENTS_PER_REQUEST = 1000;
/** How array elements are named in messages, as Grape names the items of an Array param. */
export const BATCH_PARAM = 'job_events';

type Errors = string[];

/** One value of a declared kind, or INVALID. Absent and null both give null. */
type Kind = 'integer' | 'string' | 'boolean' | 'float' | 'time';

function read(kind: Kind, value: unknown): unknown {
  switch (kind) {
    case 'integer':
    case 'string':
    case 'boolean':
      return value === undefined ? null : coerce(kind, value);
    case 'float':
      return toFloat(value);
    case 'time':
      return toInstant(value);
  }
}

/** Grape's Float: JSON numbers, or strings Ruby's Float() accepts ("" is absent). */
function toFloat(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : INVALID;
  if (typeof value !== 'string' || !/^\s*[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return INVALID;
  return Number(value);
}

/**
 * ISO-8601 with a date and a time, normalised to GitLab's rendering (UTC, milliseconds), so a
 * redelivery with another offset notation is still recognised as the same snapshot.
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
function toInstant(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || !ISO_8601.test(value)) return INVALID;
  const time = Date.parse(value);
  return Number.isNaN(time) ? INVALID : new Date(time).toISOString();
}

class FieldReader {
  constructor(
    private readonly source: Record<string, unknown>,
    private readonly prefix: string | null,
    private readonly errors: Errors,
  ) {}

  name(key: string): string {
    return this.prefix === null ? key : `${this.prefix}[${key}]`;
  }

  required<T>(key: string, kind: Kind): T {
    if (!Object.prototype.hasOwnProperty.call(this.source, key)) {
      this.errors.push(`${this.name(key)} is missing`);
      return null as T;
    }
    return this.optional<T>(key, kind) as T;
  }

  optional<T>(key: string, kind: Kind): T | null {
    const value = read(kind, this.source[key]);
    if (value === INVALID) {
      this.errors.push(`${this.name(key)} is invalid`);
      return null;
    }
    return value as T | null;
  }

  /** Nested entity: declared keys checked, the rest kept as sent (already sanitised JSON). */
  entity<T>(key: string, declared: Record<string, Kind>, requiredKey: string): T | null {
    const raw = this.source[key];
    if (raw === null || raw === undefined || raw === '') return null;
    if (!isParamHash(raw)) {
      this.errors.push(`${this.name(key)} is invalid`);
      return null;
    }
    const nested = new FieldReader(raw, this.name(key), this.errors);
    const known: Record<string, unknown> = {};
    for (const [field, kind] of Object.entries(declared)) {
      known[field] = field === requiredKey ? nested.required(field, kind) : nested.optional(field, kind);
    }
    // fromEntries defines own properties: no key (not even a stray "__proto__") can reach a prototype.
    const extra = Object.fromEntries(Object.keys(raw).filter((field) => !Object.prototype.hasOwnProperty.call(declared, field)).map((field) => [field, raw[field] as JsonValue]));
    return { ...known, ...extra } as T;
  }
}

/** One job event; `prefix` names it inside a batch (`job_events[3]`). */
export function parseJobEvent(raw: unknown, prefix: string | null, errors: Errors): UnvalidatedJobSnapshot | null {
  if (!isParamHash(raw)) {
    errors.push(`${prefix ?? BATCH_PARAM} is invalid`);
    return null;
  }
  const before = errors.length;
  const f = new FieldReader(raw, prefix, errors);
  const snapshot: UnvalidatedJobSnapshot = {
    jobId: f.required<number>('id', 'integer'),
    status: f.required<string>('status', 'string'),
    stage: f.optional('stage', 'string'),
    name: f.optional('name', 'string'),
    ref: f.optional('ref', 'string'),
    tag: f.optional<boolean>('tag', 'boolean') ?? false,
    coverage: f.optional('coverage', 'float'),
    allowFailure: f.optional<boolean>('allow_failure', 'boolean') ?? false,
    createdAt: f.optional('created_at', 'time'),
    startedAt: f.optional('started_at', 'time'),
    finishedAt: f.optional('finished_at', 'time'),
    erasedAt: f.optional('erased_at', 'time'),
    duration: f.optional('duration', 'float'),
    queuedDuration: f.optional('queued_duration', 'float'),
    user: f.entity<JobUser>('user', { id: 'integer', username: 'string', name: 'string' }, 'id'),
    commit: f.entity<JobCommit>('commit', { id: 'string', short_id: 'string', title: 'string' }, 'id'),
    pipeline: f.entity<JobPipeline>('pipeline', { id: 'integer', project_id: 'integer', sha: 'string', ref: 'string', status: 'string' }, 'id'),
    failureReason: f.optional('failure_reason', 'string'),
    webUrl: f.optional('web_url', 'string'),
    projectId: f.required<number>('project_id', 'integer'),
    runnerId: f.optional('runner_id', 'integer'),
    systemId: f.optional('system_id', 'string'),
  };
  return errors.length === before ? snapshot : null;
}

export interface ParsedJobEvents {
  readonly jobs: UnvalidatedJobSnapshot[];
  /** The body was an array: errors then name the element (`job_events[0][status]`). */
  readonly batch: boolean;
}

/** The request body: one job event object, or an array of 1 to 1,000 of them. Throws 400 {"error"}. */
export function parseJobEvents(body: unknown): ParsedJobEvents {
  const errors: Errors = [];
  if (!Array.isArray(body)) {
    // No body at all reads as an empty event: Grape would name what is missing.
    const job = parseJobEvent(body ?? {}, null, errors);
    if (!job) throw paramsInvalid(errors);
    return { jobs: [job], batch: false };
  }
  if (body.length === 0 || body.length > MAX_JOB_EVENTS_PER_REQUEST) {
    throw paramsInvalid([`${BATCH_PARAM} is expected to have length within 1 and ${MAX_JOB_EVENTS_PER_REQUEST}`]);
  }
  const jobs = body.map((raw, index) => parseJobEvent(raw, `${BATCH_PARAM}[${index}]`, errors));
  if (errors.length > 0) throw paramsInvalid([...new Set(errors)]);
  return { jobs: jobs as UnvalidatedJobSnapshot[], batch: true };
}

const nullable = (type: string, format?: string) => ({ type: [type, 'null'], ...(format ? { format } : {}) });
const entity = (properties: Record<string, unknown>, required: string) => ({ type: ['object', 'null'], properties, required: [required], additionalProperties: true });

/**
 * The request body of `POST /internal/job_events` for the OpenAPI document: what parseJobEvent
 * reads, field for field (kept beside it; its spec sends every field documented here).
 */
const JOB_EVENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    status: { type: 'string' },
    stage: nullable('string'),
    name: nullable('string'),
    ref: nullable('string'),
    tag: nullable('boolean'),
    coverage: nullable('number'),
    allow_failure: nullable('boolean'),
    created_at: nullable('string', 'date-time'),
    started_at: nullable('string', 'date-time'),
    finished_at: nullable('string', 'date-time'),
    erased_at: nullable('string', 'date-time'),
    duration: nullable('number'),
    queued_duration: nullable('number'),
    user: entity({ id: { type: 'integer' }, username: nullable('string'), name: nullable('string') }, 'id'),
    commit: entity({ id: { type: 'string' }, short_id: nullable('string'), title: nullable('string') }, 'id'),
    pipeline: entity({ id: { type: 'integer' }, project_id: nullable('integer'), sha: nullable('string'), ref: nullable('string'), status: nullable('string') }, 'id'),
    failure_reason: nullable('string'),
    web_url: nullable('string'),
    project_id: { type: 'integer' },
    runner_id: nullable('integer'),
    system_id: nullable('string'),
  },
  required: ['id', 'status', 'project_id'],
};

export const JOB_EVENTS_BODY_SCHEMA = {
  oneOf: [JOB_EVENT_SCHEMA, { type: 'array', items: JOB_EVENT_SCHEMA, minItems: 1, maxItems: MAX_JOB_EVENTS_PER_REQUEST }],
};
