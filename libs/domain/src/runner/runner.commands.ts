import type { Instant, TokenDigest } from '../shared/types';
import type { ContactPolicy, Heartbeat } from './heartbeat';
import type { StatusThresholds } from './runner-status';
import type { CreationState, RegistrationType, RunnerAttributes, RunnerDetailChanges, RunnerType } from './runner.types';

export interface RegisterRunner {
  readonly type: 'RegisterRunner';
  readonly runnerId: number;
  readonly runnerType: RunnerType;
  readonly registrationType: RegistrationType;
  readonly groupId: number | null;
  readonly projectId: number | null;
  readonly name: string | null;
  readonly attributes: RunnerAttributes;
  readonly creationState: CreationState;
  readonly creatorId: number | null;
  readonly tokenDigest: TokenDigest;
  readonly tokenExpiresAt: Instant | null;
  readonly now: Instant;
}

/** Absent fields stay as they are; `paused` maps to RunnerPaused / RunnerResumed. */
export interface UpdateRunner {
  readonly type: 'UpdateRunner';
  readonly runnerId: number;
  readonly paused?: boolean;
  readonly changes: RunnerDetailChanges;
  readonly now: Instant;
}

export interface ResetRunnerAuthenticationToken {
  readonly type: 'ResetRunnerAuthenticationToken';
  readonly runnerId: number;
  readonly tokenDigest: TokenDigest;
  readonly tokenExpiresAt: Instant | null;
  readonly now: Instant;
}

/**
 * A job request or verify: stores only the significant facts a heartbeat adds to the runner's
 * history (see managerHeartbeatDecision); routine contacts go to contact streams (RecordRoutineContact).
 */
export interface RecordHeartbeat {
  readonly type: 'RecordHeartbeat';
  readonly runnerId: number;
  readonly heartbeat: Heartbeat;
  readonly policy: ContactPolicy;
  /**
   * The freshest stored contact of the runner the caller knows of (the query model, which folds the
   * contact streams too): routine contacts do not move the runner stream's own, so without it a
   * runner that kept polling would look back from the online timeout.
   */
  readonly lastContactedAt: Instant | null;
}

export interface DeleteRunnerManager {
  readonly type: 'DeleteRunnerManager';
  readonly runnerId: number;
  readonly systemId: string;
  readonly now: Instant;
}

/**
 * GitLab's StaleManagersCleanupService: a manager neither created nor seen within the stale
 * timeout is removed. Re-checked here against the log, so a manager that came back is kept.
 */
export interface DeleteStaleRunnerManager {
  readonly type: 'DeleteStaleRunnerManager';
  readonly runnerId: number;
  readonly systemId: string;
  /** The freshest contact the caller knows of (the contact cache), which the log may not hold yet. */
  readonly lastContactedAt: Instant | null;
  readonly thresholds: StatusThresholds;
  readonly now: Instant;
}

/** The status monitor saw the runner cross a threshold; stored once per transition. */
export interface RecordStatusTransition {
  readonly type: 'RecordStatusTransition';
  readonly runnerId: number;
  readonly transition: 'offline' | 'stale';
  readonly thresholds: StatusThresholds;
  /**
   * The freshest contact the caller knows of (query model and contact cache): routine contacts live
   * in contact streams, so the runner stream's own contact may be far older than the runner's last poll.
   */
  readonly lastContactedAt: Instant | null;
  readonly now: Instant;
}

export interface DeleteRunner {
  readonly type: 'DeleteRunner';
  readonly runnerId: number;
  readonly now: Instant;
}

export interface AssignRunnerToProject {
  readonly type: 'AssignRunnerToProject';
  readonly runnerId: number;
  readonly projectId: number;
  readonly now: Instant;
}

export interface UnassignRunnerFromProject {
  readonly type: 'UnassignRunnerFromProject';
  readonly runnerId: number;
  readonly projectId: number;
  readonly now: Instant;
}

export type RunnerCommand =
  | RegisterRunner
  | UpdateRunner
  | ResetRunnerAuthenticationToken
  | RecordHeartbeat
  | DeleteRunnerManager
  | DeleteStaleRunnerManager
  | RecordStatusTransition
  | DeleteRunner
  | AssignRunnerToProject
  | UnassignRunnerFromProject;
