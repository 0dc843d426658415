import { PersistentMap } from '../shared/persistent-map';
import type { Instant, TokenDigest } from '../shared/types';
import type { RunnerEvent } from './runner.events';
import type { StoredManager } from './heartbeat';
import type { CreationState, RunnerDetails, RunnerType } from './runner.types';

/** A manager as the decider knows it: what heartbeats compare, and when it appeared (stale cleanup). */
export interface ManagerState extends StoredManager {
  readonly createdAt: Instant;
}

/**
 * A runner's managers by system_id, as evolve and decide use them: `set` and `delete` return a new
 * map and leave this one as it was. The decider's own states hold a PersistentMap: a runner may have
 * thousands of managers, and copying them all on every manager event would make folding its history
 * quadratic; each event copies only a short path instead, and every earlier state (cached ones
 * included) stays as it was. The runners query model, which keeps managers as a plain record in its
 * documents, folds through the same evolve with its own implementation of this interface.
 */
export interface ManagerMap<V> {
  readonly size: number;
  get(systemId: string): V | undefined;
  has(systemId: string): boolean;
  set(systemId: string, manager: V): ManagerMap<V>;
  delete(systemId: string): ManagerMap<V>;
}

export type RunnerManagers = ManagerMap<ManagerState>;

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
      readonly createdAt: Instant;
      readonly contactedAt: Instant | null;
      readonly managers: RunnerManagers;
      /** RunnerWentOffline (or RunnerBecameStale) was stored since the last stored contact. */
      readonly offlineRecorded: boolean;
      readonly staleRecorded: boolean;
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
      createdAt: d.createdAt,
      contactedAt: null,
      managers: PersistentMap.empty(),
      offlineRecorded: false,
      staleRecorded: false,
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
    case 'RunnerContacted': {
      const { systemId, contactedAt } = event.data;
      const manager = systemId === null ? undefined : state.managers.get(systemId);
      const managers = manager && systemId !== null ? state.managers.set(systemId, { ...manager, contactedAt }) : state.managers;
      return { ...state, contactedAt, managers, offlineRecorded: false, staleRecorded: false };
    }
    case 'RunnerManagerRegistered': {
      const { systemId, info, ipAddress, createdAt } = event.data;
      return { ...state, managers: state.managers.set(systemId, { info, ipAddress, contactedAt: null, createdAt }) };
    }
    case 'RunnerManagerUpdated': {
      const manager = state.managers.get(event.data.systemId);
      if (!manager) return state;
      const updated = {
        ...manager,
        info: { ...manager.info, ...event.data.info },
        ipAddress: event.data.ipAddress === undefined ? manager.ipAddress : event.data.ipAddress,
      };
      return { ...state, managers: state.managers.set(event.data.systemId, updated) };
    }
    case 'RunnerManagerDeleted':
      return { ...state, managers: state.managers.delete(event.data.systemId) };
    case 'RunnerCreationFinished':
      return { ...state, creationState: 'finished' };
    case 'RunnerQueueTicked':
      return state; // only the queue value moves, which the runners view keeps
    case 'RunnerWentOffline':
      return { ...state, offlineRecorded: true };
    case 'RunnerBecameStale':
      return { ...state, offlineRecorded: true, staleRecorded: true };
    case 'RunnerDeleted':
      return { status: 'deleted' };
  }
}
