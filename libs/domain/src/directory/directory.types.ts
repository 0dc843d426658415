import { createHash } from 'node:crypto';
import type { Instant, TokenDigest } from '../shared/types';

/** GitLab's access levels. */
export const ACCESS_LEVEL = { guest: 10, reporter: 20, developer: 30, maintainer: 40, owner: 50 } as const;

export const PAT_SCOPES = ['api', 'read_api', 'manage_runner', 'create_runner'] as const;
export type PersonalAccessTokenScope = (typeof PAT_SCOPES)[number] | (string & {});

export type MembershipSource = 'group' | 'project';

export interface UserProfile {
  readonly userId: number;
  readonly username: string;
  readonly name: string;
  readonly admin: boolean;
  readonly auditor: boolean;
  /** GitLab's created_at; null when the source did not say (then: when the directory learned of the user). */
  readonly createdAt: Instant | null;
  readonly email: string | null;
}

export interface PersonalAccessToken {
  readonly tokenDigest: TokenDigest;
  /** GitLab's token id: the source's, else derived from the digest (personalAccessTokenIdOf). */
  readonly tokenId: number;
  readonly name: string;
  readonly scopes: readonly PersonalAccessTokenScope[];
  readonly expiresAt: Instant | null;
  /** null when the source did not say (then: when the directory learned of the token). */
  readonly createdAt: Instant | null;
}

/** The name a token gets when its source gives none (GitLab requires one). */
export const DEFAULT_PERSONAL_ACCESS_TOKEN_NAME = 'personal-access-token';

/**
 * A stable id for a token whose source gave none: 48 bits of SHA-256 over a label and the digest,
 * so every replica, replay and seed load gives the same one. (48 bits keep it a safe integer.)
 */
export function personalAccessTokenIdOf(digest: TokenDigest): number {
  return Number.parseInt(createHash('sha256').update(`personal-access-token-id:${digest}`).digest('hex').slice(0, 12), 16);
}

/** Token expiration intervals are in seconds; null means "not set". */
export interface InstanceSettings {
  readonly allowRunnerRegistrationToken: boolean;
  readonly runnerTokenExpirationInterval: number | null;
  readonly groupRunnerTokenExpirationInterval: number | null;
  readonly projectRunnerTokenExpirationInterval: number | null;
}

export interface GroupProfile {
  readonly groupId: number;
  readonly name: string;
  readonly path: string;
  readonly parentId: number | null;
  readonly allowRunnerRegistrationToken: boolean;
  readonly runnerTokenExpirationInterval: number | null;
  readonly subgroupRunnerTokenExpirationInterval: number | null;
  readonly projectRunnerTokenExpirationInterval: number | null;
}

export interface ProjectProfile {
  readonly projectId: number;
  readonly name: string;
  readonly path: string;
  readonly namespaceId: number;
  readonly description: string | null;
  readonly sharedRunnersEnabled: boolean;
  readonly groupRunnersEnabled: boolean;
  readonly runnerTokenExpirationInterval: number | null;
}

/** What a user change may set: everything but the id and the creation time. */
export type UserAttributes = Omit<UserProfile, 'userId' | 'createdAt'>;

/** What a group change may set: everything but the id and the place in the tree. */
export type GroupSettings = Omit<GroupProfile, 'groupId' | 'parentId'>;

/** What a project change may set: everything but the id and the namespace. */
export type ProjectSettings = Omit<ProjectProfile, 'projectId' | 'namespaceId'>;

export interface Member {
  readonly userId: number;
  readonly accessLevel: number;
}

export const INSTANCE_SETTINGS_STREAM = 'instance-settings';
export const userStreamId = (userId: number) => `user-${userId}`;
export const groupStreamId = (groupId: number) => `group-${groupId}`;
export const projectStreamId = (projectId: number) => `project-${projectId}`;
