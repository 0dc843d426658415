import type { Instant, TokenDigest } from '../shared/types';
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

export interface RecordRunnerContact {
  readonly type: 'RecordRunnerContact';
  readonly runnerId: number;
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
  | RecordRunnerContact
  | DeleteRunner
  | AssignRunnerToProject
  | UnassignRunnerFromProject;
