import type { Instant, TokenDigest } from '../shared/types';
import type {
  GroupProfile,
  GroupSettings,
  InstanceSettings,
  Member,
  MembershipSource,
  PersonalAccessToken,
  ProjectProfile,
  ProjectSettings,
  UserAttributes,
  UserProfile,
} from './directory.types';

/** Provisioning creates an entity with its initial state; provisioning an existing one changes nothing. */
export interface ProvisionInstanceSettings {
  readonly type: 'ProvisionInstanceSettings';
  readonly settings: InstanceSettings;
  readonly registrationTokenDigest: TokenDigest | null;
}
export interface ProvisionUser {
  readonly type: 'ProvisionUser';
  readonly user: UserProfile;
  readonly tokens: readonly PersonalAccessToken[];
}
export interface ProvisionGroup {
  readonly type: 'ProvisionGroup';
  readonly group: GroupProfile;
  readonly registrationTokenDigest: TokenDigest | null;
  readonly members: readonly Member[];
}
export interface ProvisionProject {
  readonly type: 'ProvisionProject';
  readonly project: ProjectProfile;
  readonly registrationTokenDigest: TokenDigest | null;
  readonly members: readonly Member[];
}
export interface ChangeInstanceSettings {
  readonly type: 'ChangeInstanceSettings';
  readonly changes: Partial<InstanceSettings>;
}
/**
 * Changes apply only the fields present; a field equal to its current value changes nothing.
 * Changing what does not exist is refused (not_found): a change never creates.
 */
export interface ChangeUserProfile {
  readonly type: 'ChangeUserProfile';
  readonly userId: number;
  readonly changes: Partial<UserAttributes>;
}
/** Gives an existing user a token (or new scopes/expiry for a digest it already holds). */
export interface IssuePersonalAccessToken {
  readonly type: 'IssuePersonalAccessToken';
  readonly userId: number;
  readonly token: PersonalAccessToken;
}
/** The token stops authenticating at once; revoking a digest the user does not hold changes nothing. */
export interface RevokePersonalAccessToken {
  readonly type: 'RevokePersonalAccessToken';
  readonly userId: number;
  readonly tokenDigest: TokenDigest;
}
export interface ChangeGroupSettings {
  readonly type: 'ChangeGroupSettings';
  readonly groupId: number;
  readonly changes: Partial<GroupSettings>;
}
export interface ChangeProjectSettings {
  readonly type: 'ChangeProjectSettings';
  readonly projectId: number;
  readonly changes: Partial<ProjectSettings>;
}
export interface GrantMemberAccess {
  readonly type: 'GrantMemberAccess';
  readonly source: MembershipSource;
  readonly sourceId: number;
  readonly member: Member;
}
export interface RevokeMemberAccess {
  readonly type: 'RevokeMemberAccess';
  readonly source: MembershipSource;
  readonly sourceId: number;
  readonly userId: number;
}
export interface ResetRegistrationToken {
  readonly type: 'ResetRegistrationToken';
  readonly scope: 'instance' | MembershipSource;
  readonly scopeId: number | null;
  readonly tokenDigest: TokenDigest;
  readonly now: Instant;
}

export type DirectoryCommand =
  | ProvisionInstanceSettings
  | ProvisionUser
  | ProvisionGroup
  | ProvisionProject
  | ChangeInstanceSettings
  | ChangeUserProfile
  | IssuePersonalAccessToken
  | RevokePersonalAccessToken
  | ChangeGroupSettings
  | ChangeProjectSettings
  | GrantMemberAccess
  | RevokeMemberAccess
  | ResetRegistrationToken;
