import {
  DEFAULT_PERSONAL_ACCESS_TOKEN_NAME,
  groupStreamId,
  personalAccessTokenIdOf,
  INSTANCE_SETTINGS_STREAM,
  projectStreamId,
  userStreamId,
  type DirectoryCommand,
  type GroupSettings,
  type InstanceSettings,
  type Member,
  type MembershipSource,
  type PersonalAccessToken,
  type ProjectSettings,
  type UserAttributes,
} from '@app/domain';
import { compileSchema } from '@app/kafka/inbound/json-schema-validator';
import { DIRECTORY_DATA_SCHEMAS, type DirectoryDataSchemaName } from './directory-message.schemas';

/**
 * The directory-events contract: one CloudEvent `type` per change, its data schema, and the
 * directory command it becomes. Provisioning (the seed loader's commands) leaves existing entities
 * alone; `*.changed`, `personal-access-token.*` and memberships change what exists. Each message addresses exactly one directory stream, which should also be its Kafka key,
 * so that one entity's changes stay in order on one partition.
 */
export interface DirectoryMessageType {
  readonly schema: DirectoryDataSchemaName;
  /** `now`: when the change is recorded (a registration token reset keeps it as resetAt). */
  toCommand(data: any, now: string): { readonly streamId: string; readonly command: DirectoryCommand };
}

const members = (list: readonly { user_id: number; access_level: number }[] | undefined): Member[] =>
  (list ?? []).map((m) => ({ userId: m.user_id, accessLevel: m.access_level }));

/**
 * Only the fields present in the message, renamed from wire (snake_case) to domain names: absent
 * ones stay as they are (null is a value: it clears an interval).
 */
function presentFields<T>(data: Record<string, unknown>, names: Readonly<Record<string, keyof T>>): Partial<T> {
  const changes: Partial<Record<keyof T, unknown>> = {};
  for (const [wire, domain] of Object.entries(names)) if (wire in data) changes[domain] = data[wire];
  return changes as Partial<T>;
}

const INSTANCE_SETTINGS_FIELDS: Readonly<Record<string, keyof InstanceSettings>> = {
  allow_runner_registration_token: 'allowRunnerRegistrationToken',
  runner_token_expiration_interval: 'runnerTokenExpirationInterval',
  group_runner_token_expiration_interval: 'groupRunnerTokenExpirationInterval',
  project_runner_token_expiration_interval: 'projectRunnerTokenExpirationInterval',
};
const USER_FIELDS: Readonly<Record<string, keyof UserAttributes>> = { username: 'username', name: 'name', admin: 'admin', auditor: 'auditor', email: 'email' };
const GROUP_FIELDS: Readonly<Record<string, keyof GroupSettings>> = {
  name: 'name',
  path: 'path',
  allow_runner_registration_token: 'allowRunnerRegistrationToken',
  runner_token_expiration_interval: 'runnerTokenExpirationInterval',
  subgroup_runner_token_expiration_interval: 'subgroupRunnerTokenExpirationInterval',
  project_runner_token_expiration_interval: 'projectRunnerTokenExpirationInterval',
};
const PROJECT_FIELDS: Readonly<Record<string, keyof ProjectSettings>> = {
  name: 'name',
  path: 'path',
  description: 'description',
  shared_runners_enabled: 'sharedRunnersEnabled',
  group_runners_enabled: 'groupRunnersEnabled',
  runner_token_expiration_interval: 'runnerTokenExpirationInterval',
};

/** Stored as the API renders instants (UTC, milliseconds), whatever offset notation arrived. */
const instantOrNull = (value: string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

interface WirePersonalAccessToken {
  token_digest: string;
  id?: number;
  name?: string;
  scopes: string[];
  expires_at?: string | null;
  created_at?: string | null;
}

/** What a message leaves out gets a default that is the same on every replica and replay (no clock). */
const personalAccessToken = (t: WirePersonalAccessToken): PersonalAccessToken => ({
  tokenDigest: t.token_digest,
  tokenId: t.id ?? personalAccessTokenIdOf(t.token_digest),
  name: t.name ?? DEFAULT_PERSONAL_ACCESS_TOKEN_NAME,
  scopes: [...t.scopes],
  expiresAt: instantOrNull(t.expires_at),
  createdAt: instantOrNull(t.created_at),
});

const sourceStream = (source: MembershipSource, id: number) => (source === 'group' ? groupStreamId(id) : projectStreamId(id));

export const DIRECTORY_MESSAGE_TYPES: Readonly<Record<string, DirectoryMessageType>> = {
  'directory.instance-settings.provisioned': {
    schema: 'InstanceSettingsProvisionedData',
    toCommand: (d) => ({
      streamId: INSTANCE_SETTINGS_STREAM,
      command: {
        type: 'ProvisionInstanceSettings',
        settings: {
          allowRunnerRegistrationToken: d.allow_runner_registration_token ?? true,
          runnerTokenExpirationInterval: d.runner_token_expiration_interval ?? null,
          groupRunnerTokenExpirationInterval: d.group_runner_token_expiration_interval ?? null,
          projectRunnerTokenExpirationInterval: d.project_runner_token_expiration_interval ?? null,
        },
        registrationTokenDigest: d.registration_token_digest ?? null,
      },
    }),
  },
  'directory.instance-settings.changed': {
    schema: 'InstanceSettingsChangedData',
    toCommand: (d) => ({ streamId: INSTANCE_SETTINGS_STREAM, command: { type: 'ChangeInstanceSettings', changes: presentFields(d, INSTANCE_SETTINGS_FIELDS) } }),
  },
  'directory.user.provisioned': {
    schema: 'UserProvisionedData',
    toCommand: (d) => ({
      streamId: userStreamId(d.id),
      command: {
        type: 'ProvisionUser',
        user: {
          userId: d.id,
          username: d.username,
          name: d.name ?? d.username,
          admin: d.admin === true,
          auditor: d.auditor === true,
          createdAt: instantOrNull(d.created_at),
          email: d.email ?? null,
        },
        tokens: (d.personal_access_tokens ?? []).map(personalAccessToken),
      },
    }),
  },
  'directory.user.changed': {
    schema: 'UserChangedData',
    toCommand: (d) => ({ streamId: userStreamId(d.id), command: { type: 'ChangeUserProfile', userId: d.id, changes: presentFields(d, USER_FIELDS) } }),
  },
  'directory.personal-access-token.issued': {
    schema: 'PersonalAccessTokenIssuedData',
    toCommand: (d) => ({ streamId: userStreamId(d.user_id), command: { type: 'IssuePersonalAccessToken', userId: d.user_id, token: personalAccessToken(d) } }),
  },
  'directory.personal-access-token.revoked': {
    schema: 'PersonalAccessTokenRevokedData',
    toCommand: (d) => ({ streamId: userStreamId(d.user_id), command: { type: 'RevokePersonalAccessToken', userId: d.user_id, tokenDigest: d.token_digest } }),
  },
  'directory.group.provisioned': {
    schema: 'GroupProvisionedData',
    toCommand: (d) => ({
      streamId: groupStreamId(d.id),
      command: {
        type: 'ProvisionGroup',
        group: {
          groupId: d.id,
          name: d.name,
          path: d.path,
          parentId: d.parent_id ?? null,
          allowRunnerRegistrationToken: d.allow_runner_registration_token ?? true,
          runnerTokenExpirationInterval: d.runner_token_expiration_interval ?? null,
          subgroupRunnerTokenExpirationInterval: d.subgroup_runner_token_expiration_interval ?? null,
          projectRunnerTokenExpirationInterval: d.project_runner_token_expiration_interval ?? null,
        },
        registrationTokenDigest: d.runners_token_digest ?? null,
        members: members(d.members),
      },
    }),
  },
  'directory.project.provisioned': {
    schema: 'ProjectProvisionedData',
    toCommand: (d) => ({
      streamId: projectStreamId(d.id),
      command: {
        type: 'ProvisionProject',
        project: {
          projectId: d.id,
          name: d.name,
          path: d.path,
          namespaceId: d.namespace_id,
          description: d.description ?? null,
          sharedRunnersEnabled: d.shared_runners_enabled ?? true,
          groupRunnersEnabled: d.group_runners_enabled ?? true,
          runnerTokenExpirationInterval: d.runner_token_expiration_interval ?? null,
        },
        registrationTokenDigest: d.runners_token_digest ?? null,
        members: members(d.members),
      },
    }),
  },
  'directory.group.changed': {
    schema: 'GroupChangedData',
    toCommand: (d) => ({ streamId: groupStreamId(d.id), command: { type: 'ChangeGroupSettings', groupId: d.id, changes: presentFields(d, GROUP_FIELDS) } }),
  },
  'directory.project.changed': {
    schema: 'ProjectChangedData',
    toCommand: (d) => ({ streamId: projectStreamId(d.id), command: { type: 'ChangeProjectSettings', projectId: d.id, changes: presentFields(d, PROJECT_FIELDS) } }),
  },
  'directory.membership.granted': {
    schema: 'MembershipGrantedData',
    toCommand: (d) => ({
      streamId: sourceStream(d.source, d.source_id),
      command: { type: 'GrantMemberAccess', source: d.source, sourceId: d.source_id, member: { userId: d.user_id, accessLevel: d.access_level } },
    }),
  },
  'directory.membership.revoked': {
    schema: 'MembershipRevokedData',
    toCommand: (d) => ({
      streamId: sourceStream(d.source, d.source_id),
      command: { type: 'RevokeMemberAccess', source: d.source, sourceId: d.source_id, userId: d.user_id },
    }),
  },
  'directory.registration-token.reset': {
    schema: 'RegistrationTokenResetData',
    toCommand: (d, now) => ({
      streamId: d.scope === 'instance' ? INSTANCE_SETTINGS_STREAM : sourceStream(d.scope, d.scope_id),
      command: { type: 'ResetRegistrationToken', scope: d.scope, scopeId: d.scope === 'instance' ? null : d.scope_id, tokenDigest: d.token_digest, now },
    }),
  },
};

/** Compiled once: a message type's data validator. */
export const DIRECTORY_DATA_VALIDATORS = Object.fromEntries(
  Object.entries(DIRECTORY_DATA_SCHEMAS).map(([schemaName, schema]) => [schemaName, compileSchema(schema)]),
) as Record<DirectoryDataSchemaName, ReturnType<typeof compileSchema>>;
