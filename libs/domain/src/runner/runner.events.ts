import type { DomainEvent } from '../shared/decider';
import type { Instant, TokenDigest } from '../shared/types';
import type { CreationState, RegistrationType, RunnerDetailChanges, RunnerDetails, RunnerType } from './runner.types';

/**
 * Runner events, one stream per runner (`runner-<id>`). Payloads are versioned through
 * RUNNER_EVENT_SCHEMA_VERSIONS; bump a version and add an upcaster when a payload changes shape.
 * Tokens only ever appear as SHA-256 digests.
 */

/** v1: a runner came into existence, with every attribute it starts with. */
export type RunnerRegistered = DomainEvent<
  'RunnerRegistered',
  RunnerDetails & {
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
    readonly registeredAt: Instant;
  }
>;

/** v1: a signed-in user created the runner (`POST /user/runners`); same payload as RunnerRegistered. */
export type RunnerCreated = DomainEvent<'RunnerCreated', RunnerRegistered['data']>;

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

/** v1: the old token stops working at once. */
export type RunnerAuthenticationTokenReset = DomainEvent<
  'RunnerAuthenticationTokenReset',
  { readonly runnerId: number; readonly tokenDigest: TokenDigest; readonly tokenExpiresAt: Instant | null; readonly resetAt: Instant }
>;

/** v1: the runner talked to the registry (verify, and later job requests). */
export type RunnerContacted = DomainEvent<'RunnerContacted', { readonly runnerId: number; readonly contactedAt: Instant }>;

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
  | RunnerAuthenticationTokenReset
  | RunnerContacted
  | RunnerDeleted;

export type RunnerEventType = RunnerEvent['type'];

export const RUNNER_EVENT_SCHEMA_VERSIONS: Readonly<Record<RunnerEventType, number>> = {
  RunnerRegistered: 1,
  RunnerCreated: 1,
  RunnerAssignedToProject: 1,
  RunnerUnassignedFromProject: 1,
  RunnerDetailsChanged: 1,
  RunnerPaused: 1,
  RunnerResumed: 1,
  RunnerAuthenticationTokenReset: 1,
  RunnerContacted: 1,
  RunnerDeleted: 1,
};

export const isRunnerEventType = (type: string): type is RunnerEventType => type in RUNNER_EVENT_SCHEMA_VERSIONS;
