import type { JsonSchema } from '@app/kafka/inbound/json-schema-validator';

/**
 * The `data` of each directory-events message type, in the seed file's snake_case shapes
 * (apps/runner-registry/src/directory/directory-seed.ts) with every token replaced by its SHA-256
 * digest (`*_digest`, 64 lower-case hex characters, as digestToken computes it). The same objects
 * are in docs/asyncapi.yaml (components.schemas), checked by test/kafka/asyncapi-document.e2e-spec.ts.
 */

const id: JsonSchema = { type: 'integer', minimum: 1 };
const nullableId: JsonSchema = { type: ['integer', 'null'], minimum: 1 };
const name: JsonSchema = { type: 'string', minLength: 1, maxLength: 255 };
const digest: JsonSchema = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const nullableDigest: JsonSchema = { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' };
/** Seconds; null means "not set". */
const interval: JsonSchema = { type: ['integer', 'null'], minimum: 0 };
/** GitLab's access levels: minimal access, guest, reporter, developer, maintainer, owner. */
const accessLevel: JsonSchema = { type: 'integer', enum: [5, 10, 20, 30, 40, 50] };
const source: JsonSchema = { type: 'string', enum: ['group', 'project'] };

const members: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['user_id', 'access_level'],
    properties: { user_id: id, access_level: accessLevel },
  },
};

const nullableInstant: JsonSchema = { type: ['string', 'null'], format: 'date-time' };

/**
 * A personal access token: its digest, scopes, and optionally its expiry, GitLab id, name and
 * creation time (defaults: an id derived from the digest, `personal-access-token`, and the time
 * the directory learned of it).
 */
const personalAccessTokenProperties = {
  token_digest: digest,
  id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  name,
  scopes: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  expires_at: nullableInstant,
  created_at: nullableInstant,
};

const settingsProperties = {
  allow_runner_registration_token: { type: 'boolean' },
  runner_token_expiration_interval: interval,
  group_runner_token_expiration_interval: interval,
  project_runner_token_expiration_interval: interval,
};

/** What provisioning sets and a change may change, per entity (the id, parent and namespace never change). */
const userProperties = { username: name, name, admin: { type: 'boolean' }, auditor: { type: 'boolean' }, email: { type: ['string', 'null'], maxLength: 255 } };
const groupSettingsProperties = {
  name,
  path: name,
  allow_runner_registration_token: { type: 'boolean' },
  runner_token_expiration_interval: interval,
  subgroup_runner_token_expiration_interval: interval,
  project_runner_token_expiration_interval: interval,
};
const projectSettingsProperties = {
  name,
  path: name,
  description: { type: ['string', 'null'] },
  shared_runners_enabled: { type: 'boolean' },
  group_runners_enabled: { type: 'boolean' },
  runner_token_expiration_interval: interval,
};

/** A change to an existing entity: its `id` and at least one of `properties`. */
const changeOf = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  minProperties: 2,
  properties: { id, ...properties },
});

export const DIRECTORY_DATA_SCHEMAS = {
  /** Creates the instance settings; if they exist, nothing changes. */
  InstanceSettingsProvisionedData: {
    type: 'object',
    additionalProperties: false,
    properties: { registration_token_digest: nullableDigest, ...settingsProperties },
  },
  /** Changes only the settings present; those equal to the current value change nothing. */
  InstanceSettingsChangedData: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: settingsProperties,
  },
  /** Creates a user with its personal access tokens; an existing user is left as it is. */
  UserProvisionedData: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'username'],
    properties: {
      id,
      ...userProperties,
      // When absent: the time the directory learned of the user.
      created_at: nullableInstant,
      personal_access_tokens: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['token_digest', 'scopes'],
          properties: personalAccessTokenProperties,
        },
      },
    },
  },
  /** Creates a group with its members; an existing group is left as it is. */
  GroupProvisionedData: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'path'],
    properties: { id, ...groupSettingsProperties, parent_id: nullableId, runners_token_digest: nullableDigest, members },
  },
  /** Creates a project with its members; an existing project is left as it is. */
  ProjectProvisionedData: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'path', 'namespace_id'],
    properties: { id, ...projectSettingsProperties, namespace_id: id, runners_token_digest: nullableDigest, members },
  },
  /** Changes an existing user: only the fields present (at least one besides `id`). */
  UserChangedData: changeOf(userProperties),
  /** Gives an existing user a token (a digest it already holds gets these scopes and expiry). */
  PersonalAccessTokenIssuedData: {
    type: 'object',
    additionalProperties: false,
    required: ['user_id', 'token_digest', 'scopes'],
    properties: { user_id: id, ...personalAccessTokenProperties },
  },
  /** The user's token with this digest stops authenticating at once (nothing happens if it holds none). */
  PersonalAccessTokenRevokedData: {
    type: 'object',
    additionalProperties: false,
    required: ['user_id', 'token_digest'],
    properties: { user_id: id, token_digest: digest },
  },
  /** Changes an existing group's settings: only those present (at least one besides `id`). */
  GroupChangedData: changeOf(groupSettingsProperties),
  /** Changes an existing project's settings: only those present (at least one besides `id`). */
  ProjectChangedData: changeOf(projectSettingsProperties),
  /** Grants a user an access level on a group or project, or changes it. */
  MembershipGrantedData: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'source_id', 'user_id', 'access_level'],
    properties: { source, source_id: id, user_id: id, access_level: accessLevel },
  },
  /** Removes a user's membership of a group or project (nothing happens if there is none). */
  MembershipRevokedData: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'source_id', 'user_id'],
    properties: { source, source_id: id, user_id: id },
  },
  /** The instance's, a group's or a project's registration token changed: the old one stops working. */
  RegistrationTokenResetData: {
    type: 'object',
    additionalProperties: false,
    required: ['scope', 'scope_id', 'token_digest'],
    properties: {
      scope: { type: 'string', enum: ['instance', 'group', 'project'] },
      scope_id: nullableId,
      token_digest: digest,
    },
    // The instance has no id; a group or project must name theirs.
    if: { properties: { scope: { const: 'instance' } } },
    then: { properties: { scope_id: { type: 'null' } } },
    else: { properties: { scope_id: { type: 'integer' } } },
  },
} satisfies Record<string, JsonSchema>;

export type DirectoryDataSchemaName = keyof typeof DIRECTORY_DATA_SCHEMAS;
