import type { DomainEvent } from '../shared/decider';
import type { Instant, TokenDigest } from '../shared/types';
import type { ManagerInfo } from './runner-manager.types';
import type { CreationState, RegistrationType, RunnerDetailChanges, RunnerDetails, RunnerType } from './runner.types';

/**
 * Runner events, one stream per runner (`runner-<id>`). Payloads are versioned through
 * RUNNER_EVENT_SCHEMA_VERSIONS; to change a payload's shape, bump its version, describe the new
 * version here and add the upcaster from the old one in runner.upcasters.ts (see
 * EVENT_SCHEMA_VERSIONS). Each doc comment describes the current version and what older ones
 * differed in. Tokens only ever appear as SHA-256 digests.
 */

/**
 * A runner came into existence (registered with a registration token), with every attribute it
 * starts with.
 * - v2 (current): the time is `createdAt`, GitLab's `created_at`.
 * - v1: the time was named `registeredAt`.
 */
export type RunnerRegistered = DomainEvent<'RunnerRegistered', RunnerCreationData>;

/** What RunnerRegistered and RunnerCreated both carry. */
export type RunnerCreationData = RunnerDetails & {
  readonly runnerId: number;
  readonly runnerType: RunnerType;
  readonly registrationType: RegistrationType;
  /** The one group of a group runner; null otherwise. */
  readonly groupId: number | null;
  /** The owner project of a project runner (it is also projectIds[0]); null otherwise. */
  readonly ownerProjectId: number | null;
  readonly projectIds: readonly number[];
  readonly paused: boolean;
  /** `info.name` sent at registration; GitLab keeps nothing else of `info` on the runner. */
  readonly name: string | null;
  readonly creationState: CreationState;
  /** The user who created it (authenticated_user runners); null for registration-token runners. */
  readonly creatorId: number | null;
  readonly tokenDigest: TokenDigest;
  readonly tokenExpiresAt: Instant | null;
  /** When the runner came into existence: GitLab's `created_at`. */
  readonly createdAt: Instant;
};

/**
 * A signed-in user created the runner (`POST /user/runners`); same payload as RunnerRegistered.
 * - v2 (current): the time is `createdAt`.
 * - v1: the time was named `registeredAt`, although nothing was registered.
 */
export type RunnerCreated = DomainEvent<'RunnerCreated', RunnerCreationData>;

/** v1: the runner may now run jobs of one more project. */
export type RunnerAssignedToProject = DomainEvent<
  'RunnerAssignedToProject',
  { readonly runnerId: number; readonly projectId: number; readonly assignedAt: Instant }
>;

/** v1 */
export type RunnerUnassignedFromProject = DomainEvent<
  'RunnerUnassignedFromProject',
  { readonly runnerId: number; readonly projectId: number; readonly unassignedAt: Instant }
>;

/** v1: only the fields that changed, with their new values. */
export type RunnerDetailsChanged = DomainEvent<
  'RunnerDetailsChanged',
  { readonly runnerId: number; readonly changes: RunnerDetailChanges; readonly changedAt: Instant }
>;

/** v1 */
export type RunnerPaused = DomainEvent<'RunnerPaused', { readonly runnerId: number; readonly pausedAt: Instant }>;

/** v1 */
export type RunnerResumed = DomainEvent<'RunnerResumed', { readonly runnerId: number; readonly resumedAt: Instant }>;

/**
 * v1: a successful update that changed nothing still ticks the runner's queue, as GitLab's
 * UpdateRunnerService calls `tick_runner_queue` on every successful update: the value a polling
 * runner gets in X-GitLab-Last-Update moves, which tells the agent to ask again.
 */
export type RunnerQueueTicked = DomainEvent<'RunnerQueueTicked', { readonly runnerId: number; readonly tickedAt: Instant }>;

/** v1: the old token stops working at once. */
export type RunnerAuthenticationTokenReset = DomainEvent<
  'RunnerAuthenticationTokenReset',
  { readonly runnerId: number; readonly tokenDigest: TokenDigest; readonly tokenExpiresAt: Instant | null; readonly resetAt: Instant }
>;

/**
 * The runner (through one of its managers) talked to the registry. Not every poll is stored: see
 * heartbeatEvents.
 * - v2 (current): `systemId` is always present: the manager that called, or null for a contact
 *   recorded before runner managers existed (such a contact updates no manager).
 * - v1: `systemId` was simply absent on those early contacts.
 */
export type RunnerContacted = DomainEvent<
  'RunnerContacted',
  { readonly runnerId: number; readonly contactedAt: Instant; readonly systemId: string | null }
>;

/**
 * A runner manager (one gitlab-runner process, by its system_id) appeared.
 * - v2 (current): the time is `createdAt`, the manager's `created_at` in GitLab's API.
 * - v1: the time was named `registeredAt`.
 */
export type RunnerManagerRegistered = DomainEvent<
  'RunnerManagerRegistered',
  { readonly runnerId: number; readonly systemId: string; readonly info: ManagerInfo; readonly ipAddress: string | null; readonly createdAt: Instant }
>;

/** v1: a manager reported different details (typically a version upgrade) or came from another address. */
export type RunnerManagerUpdated = DomainEvent<
  'RunnerManagerUpdated',
  {
    readonly runnerId: number;
    readonly systemId: string;
    readonly info: Partial<ManagerInfo>;
    readonly ipAddress?: string | null;
    readonly updatedAt: Instant;
  }
>;

/** v1 */
export type RunnerManagerDeleted = DomainEvent<'RunnerManagerDeleted', { readonly runnerId: number; readonly systemId: string; readonly deletedAt: Instant }>;

/** v1: a user-created runner made its first job request. */
export type RunnerCreationFinished = DomainEvent<'RunnerCreationFinished', { readonly runnerId: number; readonly finishedAt: Instant }>;

/** v1: no contact for longer than the online timeout; recorded once per transition by the status monitor. */
export type RunnerWentOffline = DomainEvent<
  'RunnerWentOffline',
  { readonly runnerId: number; readonly lastContactedAt: Instant; readonly detectedAt: Instant }
>;

/** v1: neither created nor contacted within the stale timeout; recorded once per transition. */
export type RunnerBecameStale = DomainEvent<
  'RunnerBecameStale',
  { readonly runnerId: number; readonly lastContactedAt: Instant | null; readonly detectedAt: Instant }
>;

/** v1: final; the stream accepts nothing after it. */
export type RunnerDeleted = DomainEvent<'RunnerDeleted', { readonly runnerId: number; readonly deletedAt: Instant }>;

export type RunnerEvent =
  | RunnerRegistered
  | RunnerCreated
  | RunnerAssignedToProject
  | RunnerUnassignedFromProject
  | RunnerDetailsChanged
  | RunnerPaused
  | RunnerResumed
  | RunnerQueueTicked
  | RunnerAuthenticationTokenReset
  | RunnerContacted
  | RunnerManagerRegistered
  | RunnerManagerUpdated
  | RunnerManagerDeleted
  | RunnerCreationFinished
  | RunnerWentOffline
  | RunnerBecameStale
  | RunnerDeleted;

export type RunnerEventType = RunnerEvent['type'];

export const RUNNER_EVENT_SCHEMA_VERSIONS: Readonly<Record<RunnerEventType, number>> = {
  RunnerRegistered: 2,
  RunnerCreated: 2,
  RunnerAssignedToProject: 1,
  RunnerUnassignedFromProject: 1,
  RunnerDetailsChanged: 1,
  RunnerPaused: 1,
  RunnerResumed: 1,
  RunnerQueueTicked: 1,
  RunnerAuthenticationTokenReset: 1,
  RunnerContacted: 2,
  RunnerManagerRegistered: 2,
  RunnerManagerUpdated: 1,
  RunnerManagerDeleted: 1,
  RunnerCreationFinished: 1,
  RunnerWentOffline: 1,
  RunnerBecameStale: 1,
  RunnerDeleted: 1,
};

export const isRunnerEventType = (type: string): type is RunnerEventType => type in RUNNER_EVENT_SCHEMA_VERSIONS;
