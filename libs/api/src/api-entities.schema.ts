/**
 * The entities the API answers with, as JSON Schema for the OpenAPI document, field for field as
 * the presenters render them (GitLab's API::Entities). `test/e2e/openapi-document.e2e-spec.ts`
 * checks real answers against them, extra or missing fields included.
 */
import { ACCESS_LEVELS, JOB_STATUSES, RUNNER_TYPES } from '@app/domain';
import type { JsonSchema } from '@app/http';

const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const time = { type: 'string', format: 'date-time' };
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const listOf = (name: string): JsonSchema => ({ type: 'array', items: ref(name) });

/** Every field required and no other: the answers have a fixed shape. */
function entity(properties: Record<string, JsonSchema>, description?: string): JsonSchema {
  return { type: 'object', ...(description ? { description } : {}), properties, required: Object.keys(properties), additionalProperties: false };
}

const RUNNER_STATUSES = ['online', 'offline', 'stale', 'never_contacted'];

const runnerFields = {
  id: int,
  description: nullable(str),
  ip_address: { type: 'null' },
  active: bool,
  paused: bool,
  is_shared: bool,
  runner_type: { enum: [...RUNNER_TYPES] },
  name: nullable(str),
  online: nullable(bool),
  status: { enum: RUNNER_STATUSES },
};

const projectIdentity = {
  id: int,
  description: nullable(str),
  name: nullable(str),
  name_with_namespace: nullable(str),
  path: nullable(str),
  path_with_namespace: nullable(str),
  created_at: nullable(time),
};

const detailFields = {
  ...runnerFields,
  tag_list: { type: 'array', items: str },
  run_untagged: bool,
  locked: bool,
  maximum_timeout: nullable(int),
  access_level: { enum: [...ACCESS_LEVELS] },
  version: nullable(str),
  revision: nullable(str),
  platform: nullable(str),
  architecture: nullable(str),
  contacted_at: nullable(time),
  maintenance_note: nullable(str),
  projects: { type: 'array', items: entity({ ...projectIdentity, web_url: str }) },
  groups: { type: 'array', items: entity({ id: int, web_url: str, name: str }) },
};

const userBasic = { id: int, username: str, name: str, state: { const: 'active' }, locked: bool, avatar_url: { type: 'null' }, web_url: str };

export const API_ENTITY_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  Runner: entity(runnerFields, "GitLab's API::Entities::Ci::Runner"),
  RunnerDetails: {
    ...entity(detailFields, "GitLab's API::Entities::Ci::RunnerDetails (`projects` left out with `include_projects=false`)"),
    required: Object.keys(detailFields).filter((field) => field !== 'projects'),
  },
  RunnerManager: entity({
    id: int,
    system_id: str,
    version: nullable(str),
    revision: nullable(str),
    platform: nullable(str),
    architecture: nullable(str),
    created_at: time,
    contacted_at: nullable(time),
    ip_address: nullable(str),
    status: { enum: RUNNER_STATUSES },
    job_execution_status: { enum: ['active', 'idle'] },
  }, "GitLab's API::Entities::Ci::RunnerManager"),
  Job: {
    type: 'object',
    description: "GitLab's API::Entities::Ci::JobBasicWithProject (`failure_reason` only on failed jobs)",
    properties: {
      id: int, status: { enum: [...JOB_STATUSES] }, stage: nullable(str), name: nullable(str), ref: nullable(str), tag: bool,
      coverage: nullable({ type: 'number' }), allow_failure: bool, created_at: nullable(time), started_at: nullable(time),
      finished_at: nullable(time), erased_at: nullable(time), duration: nullable({ type: 'number' }), queued_duration: nullable({ type: 'number' }),
      user: nullable({ type: 'object' }), commit: nullable({ type: 'object' }), pipeline: nullable({ type: 'object' }),
      failure_reason: nullable(str), web_url: str, project: entity(projectIdentity),
    },
    required: ['id', 'status', 'stage', 'name', 'ref', 'tag', 'coverage', 'allow_failure', 'created_at', 'started_at', 'finished_at', 'erased_at', 'duration', 'queued_duration', 'user', 'commit', 'pipeline', 'web_url', 'project'],
    additionalProperties: false,
  },
  RegisteredRunner: entity({ id: int, token: str, token_expires_at: nullable(time) }, "GitLab's RunnerRegistrationDetails: the only answer that shows the runner's token"),
  RunnerToken: entity({ token: str, token_expires_at: nullable(time) }, "GitLab's ResetTokenResult"),
  RegistrationToken: entity({ token: str }),
  AuditEntry: entity({
    position: int, revision: int, event_type: str, occurred_at: nullable(time),
    actor: nullable({ type: 'object', properties: { type: str, id: int, name: str }, required: ['type'] }),
    schema_version: nullable(int), correlation_id: nullable(str), changes: { type: 'object' },
  }, 'A stored event of the runner, without secrets'),
  BulkDeleteResult: entity({
    dry_run: bool,
    correlation_id: nullable(str),
    deleted: { type: 'array', items: int },
    refused: { type: 'array', items: entity({ id: int, message: str }) },
    remaining: int,
  }),
  JobEventsResult: entity({ recorded: int, unchanged: int }),
  User: {
    type: 'object',
    description: "GitLab's Entities::User (`/users/:id`), UserPublic (`/user`) or, for administrators, UserWithAdmin",
    properties: { ...userBasic, created_at: nullable(time), email: nullable(str), is_admin: bool, is_auditor: bool },
    required: [...Object.keys(userBasic), 'created_at'],
  },
  PersonalAccessToken: entity({
    id: int, name: str, revoked: bool, created_at: nullable(time), description: { type: 'null' }, scopes: { type: 'array', items: str },
    user_id: int, last_used_at: { type: 'null' }, active: bool, expires_at: nullable({ type: 'string', format: 'date' }),
  }, 'The token the request came with, never its value'),
  Metadata: entity({
    version: str,
    revision: str,
    kas: entity({ enabled: bool, externalUrl: { type: 'null' }, externalK8sProxyUrl: { type: 'null' }, version: { type: 'null' } }),
    enterprise: bool,
  }, "GitLab's Entities::Metadata"),
  HealthReport: {
    type: 'object',
    description: "@nestjs/terminus's report: `status` and the checks by name (`info`, `error`, `details`)",
    properties: { status: { enum: ['ok', 'error', 'shutting_down'] }, info: { type: 'object' }, error: { type: 'object' }, details: { type: 'object' } },
    required: ['status'],
  },
};
