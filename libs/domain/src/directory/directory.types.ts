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
}

export interface PersonalAccessToken {
  readonly tokenDigest: TokenDigest;
  readonly scopes: readonly PersonalAccessTokenScope[];
  readonly expiresAt: Instant | null;
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

/** What a user change may set: everything but the id. */
export type UserAttributes = Omit<UserProfile, 'userId'>;

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
