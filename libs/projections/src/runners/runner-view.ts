import type { AccessLevel, CreationState, Instant, RegistrationType, RunnerType, TokenDigest } from '@app/domain';

/** Everything the REST API shows about a runner, plus what authorization and lookups need. */
export interface RunnerView {
  readonly id: number;
  readonly runnerType: RunnerType;
  readonly registrationType: RegistrationType;
  readonly groupId: number | null;
  readonly ownerProjectId: number | null;
  readonly projectIds: readonly number[];
  readonly name: string | null;
  readonly description: string | null;
  readonly paused: boolean;
  readonly locked: boolean;
  readonly runUntagged: boolean;
  readonly accessLevel: AccessLevel;
  readonly maximumTimeout: number | null;
  readonly maintenanceNote: string | null;
  readonly tagList: readonly string[];
  readonly tokenDigest: TokenDigest;
  readonly tokenExpiresAt: Instant | null;
  readonly creationState: CreationState;
  readonly creatorId: number | null;
  readonly createdAt: Instant;
  /** Changes of attributes, not contacts: GitLab's updated_at, used by If-Unmodified-Since. */
  readonly updatedAt: Instant;
  readonly contactedAt: Instant | null;
}
