import type { Instant, TokenDigest } from '../shared/types';
import type { RunnerEvent } from './runner.events';
import type { CreationState, RunnerDetails, RunnerType } from './runner.types';

/** What the decider needs to know about one runner; the read side keeps its own, richer view. */
export type RunnerState =
  | { readonly status: 'absent' }
  | { readonly status: 'deleted' }
  | {
      readonly status: 'registered';
      readonly runnerId: number;
      readonly runnerType: RunnerType;
      readonly ownerProjectId: number | null;
      readonly projectIds: readonly number[];
      readonly paused: boolean;
      readonly details: RunnerDetails;
      readonly tokenDigest: TokenDigest;
      readonly creationState: CreationState;
      readonly contactedAt: Instant | null;
    };

export type RegisteredRunner = Extract<RunnerState, { status: 'registered' }>;

export const initialRunnerState: RunnerState = { status: 'absent' };

export function evolveRunner(state: RunnerState, event: RunnerEvent): RunnerState {
  if (event.type === 'RunnerRegistered' || event.type === 'RunnerCreated') {
    const d = event.data;
    return {
      status: 'registered',
      runnerId: d.runnerId,
      runnerType: d.runnerType,
      ownerProjectId: d.ownerProjectId,
      projectIds: d.projectIds,
      paused: d.paused,
      details: {
        description: d.description,
        locked: d.locked,
        runUntagged: d.runUntagged,
        accessLevel: d.accessLevel,
        maximumTimeout: d.maximumTimeout,
        maintenanceNote: d.maintenanceNote,
        tagList: d.tagList,
      },
      tokenDigest: d.tokenDigest,
      creationState: d.creationState,
      contactedAt: null,
    };
  }
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'RunnerDetailsChanged':
      return { ...state, details: { ...state.details, ...event.data.changes } };
    case 'RunnerPaused':
      return { ...state, paused: true };
    case 'RunnerResumed':
      return { ...state, paused: false };
    case 'RunnerAuthenticationTokenReset':
      return { ...state, tokenDigest: event.data.tokenDigest };
    case 'RunnerAssignedToProject':
      return { ...state, projectIds: [...state.projectIds, event.data.projectId] };
    case 'RunnerUnassignedFromProject':
      return { ...state, projectIds: state.projectIds.filter((id) => id !== event.data.projectId) };
    case 'RunnerContacted':
      return { ...state, contactedAt: event.data.contactedAt };
    case 'RunnerDeleted':
      return { status: 'deleted' };
  }
}
