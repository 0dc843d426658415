import type { GroupProfile, InstanceSettings, PersonalAccessToken, ProjectProfile, UserProfile } from '@app/domain';

/** `createdAt` is never null here: what the source left out is the time the directory learned of the user (or token). */
export interface UserView extends UserProfile {
  readonly tokens: readonly PersonalAccessToken[];
}

export interface GroupView extends GroupProfile {
  readonly registrationTokenDigest: string | null;
  /** userId → access level, direct memberships only. */
  readonly members: Readonly<Record<string, number>>;
}

export interface ProjectView extends ProjectProfile {
  /** When the directory learned of the project (when its provisioning event was stored), shown as GitLab's created_at; absent in documents from before it. */
  readonly createdAt?: string;
  readonly registrationTokenDigest: string | null;
  readonly members: Readonly<Record<string, number>>;
}

export interface InstanceSettingsView extends InstanceSettings {
  readonly registrationTokenDigest: string | null;
}
