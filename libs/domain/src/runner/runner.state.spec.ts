import { describe, expect, it } from '@jest/globals';
import { deepFreeze } from '../../../../test/support/deep-freeze';
import type { PersistentMap } from '../shared/persistent-map';
import { EMPTY_MANAGER_INFO } from './runner-manager.types';
import type { RunnerEvent } from './runner.events';
import { evolveRunner, initialRunnerState, type ManagerState, type RegisteredRunner, type RunnerState } from './runner.state';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString();
const runnerId = 7;

const registered: RunnerEvent = {
  type: 'RunnerRegistered',
  data: {
    runnerId, runnerType: 'instance_type', registrationType: 'registration_token', groupId: null, ownerProjectId: null, projectIds: [],
    name: 'runner-host', paused: false, description: null, locked: false, runUntagged: true, accessLevel: 'not_protected',
    maximumTimeout: null, maintenanceNote: null, tagList: [], creationState: 'finished', creatorId: null, tokenDigest: 'digest-1',
    tokenExpiresAt: null, createdAt: at(0),
  },
};

/** 2,000 managers appear, each is contacted, every third is upgraded and every fifth deleted. */
function managerHistory(count: number): RunnerEvent[] {
  const events: RunnerEvent[] = [registered];
  for (let i = 0; i < count; i++) {
    const systemId = `s_${i}`;
    events.push({ type: 'RunnerManagerRegistered', data: { runnerId, systemId, info: { ...EMPTY_MANAGER_INFO, version: '17.0.0' }, ipAddress: '10.0.0.1', createdAt: at(1) } });
    events.push({ type: 'RunnerContacted', data: { runnerId, systemId, contactedAt: at(2) } });
    if (i % 3 === 0) events.push({ type: 'RunnerManagerUpdated', data: { runnerId, systemId, info: { version: '17.1.0' }, updatedAt: at(3) } });
    if (i % 5 === 0) events.push({ type: 'RunnerManagerDeleted', data: { runnerId, systemId, deletedAt: at(4) } });
  }
  return events;
}

/** What the managers must come to, computed the obvious way. */
function expectedManagers(count: number): Record<string, ManagerState> {
  const managers: Record<string, ManagerState> = {};
  for (let i = 0; i < count; i++) {
    if (i % 5 === 0) continue;
    managers[`s_${i}`] = { info: { ...EMPTY_MANAGER_INFO, version: i % 3 === 0 ? '17.1.0' : '17.0.0' }, ipAddress: '10.0.0.1', contactedAt: at(2), createdAt: at(1) };
  }
  return managers;
}

const managersOf = (state: RunnerState) => Object.fromEntries((state as RegisteredRunner).managers as PersistentMap<ManagerState>);

describe('evolveRunner', () => {
  it('folds 2,000 managers to what they came to', () => {
    const state = managerHistory(2000).reduce(evolveRunner, initialRunnerState);
    expect(managersOf(state)).toEqual(expectedManagers(2000));
    expect((state as RegisteredRunner).managers.size).toBe(1600);
  });

  it('never writes into a state it was given: every earlier state stays as it was', () => {
    const states: RunnerState[] = [initialRunnerState];
    const snapshots: string[] = [JSON.stringify(initialRunnerState)];
    for (const event of managerHistory(300)) {
      // Frozen, any write into the previous state (or a manager or map node it shares) would throw.
      const next = evolveRunner(deepFreeze(states[states.length - 1]), event);
      states.push(next);
      snapshots.push(JSON.stringify(next));
    }
    states.forEach((state, i) => expect(JSON.stringify(state)).toBe(snapshots[i]));
    expect(managersOf(states[states.length - 1])).toEqual(expectedManagers(300));
  });
});
