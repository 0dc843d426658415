import type { Instant, TokenDigest } from '../shared/types';
import type { GroupProfile, InstanceSettings, Member, MembershipSource, PersonalAccessToken, ProjectProfile, UserProfile } from './directory.types';

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
  | GrantMemberAccess
  | RevokeMemberAccess
  | ResetRegistrationToken;
