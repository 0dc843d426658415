import type { AccessLevel, CreationState, Instant, RegistrationType, RunnerType, StoredManager, TokenDigest } from '@app/domain';

/** One gitlab-runner process serving the runner, known by its system_id. */
export interface RunnerManagerView extends StoredManager {
  /** Numbered in log order, so every replica and every replay gives the same ids. */
  readonly id: number;
  readonly systemId: string;
  readonly createdAt: Instant;
}

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
  /** Updates that changed nothing (RunnerQueueTicked), so X-GitLab-Last-Update moves for them too; absent in documents from before it: 0. */
  readonly queueTicks?: number;
  /** The last contact written to the log; the contact cache holds fresher ones. */
  readonly contactedAt: Instant | null;
  readonly managers: Readonly<Record<string, RunnerManagerView>>;
  /** RunnerWentOffline or RunnerBecameStale was stored since the last stored contact. */
  readonly offlineRecorded: boolean;
  /** RunnerBecameStale was stored since the last stored contact. */
  readonly staleRecorded: boolean;
}
