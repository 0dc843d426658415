import type { GroupProfile, InstanceSettings, PersonalAccessToken, ProjectProfile, UserProfile } from '@app/domain';

export interface UserView extends UserProfile {
  readonly tokens: readonly PersonalAccessToken[];
}

export interface GroupView extends GroupProfile {
  readonly registrationTokenDigest: string | null;
  /** userId → access level, direct memberships only. */
  readonly members: Readonly<Record<string, number>>;
}

export interface ProjectView extends ProjectProfile {
  readonly registrationTokenDigest: string | null;
  readonly members: Readonly<Record<string, number>>;
}

export interface InstanceSettingsView extends InstanceSettings {
  readonly registrationTokenDigest: string | null;
}
