import type { DomainEvent } from '../shared/decider';
import type { Instant, TokenDigest } from '../shared/types';
import type {
  GroupProfile,
  GroupSettings,
  InstanceSettings,
  MembershipSource,
  PersonalAccessToken,
  ProjectProfile,
  ProjectSettings,
  UserAttributes,
  UserProfile,
} from './directory.types';

/**
 * The directory says who is who: users and their tokens, groups, projects, memberships and the
 * instance settings. It is fed by the seed file and by Kafka (runner-registry.directory-events),
 * always through these events, so access changes while the service runs. Tokens are digests only.
 */

/** v1 */
export type InstanceSettingsProvisioned = DomainEvent<
  'InstanceSettingsProvisioned',
  InstanceSettings & { readonly registrationTokenDigest: TokenDigest | null }
>;
/** v1: only the settings that changed. */
export type InstanceSettingsChanged = DomainEvent<'InstanceSettingsChanged', { readonly changes: Partial<InstanceSettings> }>;
/** v2: `createdAt` and `email` (v1 had neither: they read as null). */
export type UserProvisioned = DomainEvent<'UserProvisioned', UserProfile>;
/** v1: only the fields that changed (name, username, admin, auditor, email), with their new values. */
export type UserProfileChanged = DomainEvent<'UserProfileChanged', { readonly userId: number; readonly changes: Partial<UserAttributes> }>;
/**
 * v2: the user holds this token from now on, with this id, name, scopes, expiry and creation time
 * (at provisioning, or later; a digest the user already holds gets the new name, scopes and
 * expiry and keeps its id and creation time). v1 had no id, name or creation time: they read as
 * the id derived from the digest, the default name and null.
 */
export type PersonalAccessTokenIssued = DomainEvent<'PersonalAccessTokenIssued', { readonly userId: number } & PersonalAccessToken>;
/** v1: the token stops authenticating at once. */
export type PersonalAccessTokenRevoked = DomainEvent<'PersonalAccessTokenRevoked', { readonly userId: number; readonly tokenDigest: TokenDigest }>;
/** v1 */
export type GroupProvisioned = DomainEvent<'GroupProvisioned', GroupProfile & { readonly registrationTokenDigest: TokenDigest | null }>;
/** v1 */
export type ProjectProvisioned = DomainEvent<'ProjectProvisioned', ProjectProfile & { readonly registrationTokenDigest: TokenDigest | null }>;
/**
 * v1: only the settings that changed (name, path, allowRunnerRegistrationToken, the three token
 * expiration intervals), with their new values.
 */
export type GroupSettingsChanged = DomainEvent<'GroupSettingsChanged', { readonly groupId: number; readonly changes: Partial<GroupSettings> }>;
/**
 * v1: only the settings that changed (name, path, description, sharedRunnersEnabled,
 * groupRunnersEnabled, runnerTokenExpirationInterval), with their new values.
 */
export type ProjectSettingsChanged = DomainEvent<'ProjectSettingsChanged', { readonly projectId: number; readonly changes: Partial<ProjectSettings> }>;
/** v1: grants or changes a user's access level on a group or project. */
export type MemberAccessGranted = DomainEvent<
  'MemberAccessGranted',
  { readonly source: MembershipSource; readonly sourceId: number; readonly userId: number; readonly accessLevel: number }
>;
/** v1 */
export type MemberAccessRevoked = DomainEvent<
  'MemberAccessRevoked',
  { readonly source: MembershipSource; readonly sourceId: number; readonly userId: number }
>;
/** v1: the previous registration token stops registering at once. */
export type RegistrationTokenReset = DomainEvent<
  'RegistrationTokenReset',
  { readonly scope: 'instance' | MembershipSource; readonly scopeId: number | null; readonly tokenDigest: TokenDigest; readonly resetAt: Instant }
>;

export type DirectoryEvent =
  | InstanceSettingsProvisioned
  | InstanceSettingsChanged
  | UserProvisioned
  | UserProfileChanged
  | PersonalAccessTokenIssued
  | PersonalAccessTokenRevoked
  | GroupProvisioned
  | GroupSettingsChanged
  | ProjectProvisioned
  | ProjectSettingsChanged
  | MemberAccessGranted
  | MemberAccessRevoked
  | RegistrationTokenReset;

export type DirectoryEventType = DirectoryEvent['type'];

export const DIRECTORY_EVENT_SCHEMA_VERSIONS: Readonly<Record<DirectoryEventType, number>> = {
  InstanceSettingsProvisioned: 1,
  InstanceSettingsChanged: 1,
  UserProvisioned: 2,
  UserProfileChanged: 1,
  PersonalAccessTokenIssued: 2,
  PersonalAccessTokenRevoked: 1,
  GroupProvisioned: 1,
  GroupSettingsChanged: 1,
  ProjectProvisioned: 1,
  ProjectSettingsChanged: 1,
  MemberAccessGranted: 1,
  MemberAccessRevoked: 1,
  RegistrationTokenReset: 1,
};

export const isDirectoryEventType = (type: string): type is DirectoryEventType => type in DIRECTORY_EVENT_SCHEMA_VERSIONS;
