import { describe, expect, it } from '@jest/globals';
import { fold, runnerDecider, type ManagerInfo, type RunnerEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { RunnersProjection } from './runners.projection';
import { runnerStateOf } from './runner-view.fold';

const info = (version: string): ManagerInfo => ({ version, revision: null, platform: null, architecture: null, executor: null, gpus: null });
const at = (minute: number) => `2026-11-23T10:${String(minute).padStart(2, '0')}:00.000Z`;

const registered: RunnerEvent = {
  type: 'RunnerCreated',
  data: {
    runnerId: 7, runnerType: 'project_type', registrationType: 'authenticated_user', groupId: null, ownerProjectId: 1, projectIds: [1],
    name: null, paused: false, description: 'r7', locked: false, runUntagged: true, accessLevel: 'not_protected', maximumTimeout: null,
    maintenanceNote: null, tagList: ['a'], creationState: 'started', creatorId: 3, tokenDigest: 'd1', tokenExpiresAt: null, createdAt: at(0),
  },
};

/** Every kind of runner event after creation, a system_id of `__proto__` among them. */
const history: RunnerEvent[] = [
  registered,
  { type: 'RunnerManagerRegistered', data: { runnerId: 7, systemId: 's_1', info: info('17.0'), ipAddress: '10.0.0.1', createdAt: at(1) } },
  { type: 'RunnerManagerRegistered', data: { runnerId: 7, systemId: '__proto__', info: info('16.0'), ipAddress: null, createdAt: at(2) } },
  { type: 'RunnerContacted', data: { runnerId: 7, systemId: 's_1', contactedAt: at(3) } },
  { type: 'RunnerCreationFinished', data: { runnerId: 7, finishedAt: at(3) } },
  { type: 'RunnerManagerUpdated', data: { runnerId: 7, systemId: 's_1', info: { version: '17.1' }, ipAddress: '10.0.0.2', updatedAt: at(4) } },
  { type: 'RunnerDetailsChanged', data: { runnerId: 7, changes: { description: 'seven', tagList: ['b'] }, changedAt: at(4) } },
  { type: 'RunnerPaused', data: { runnerId: 7, pausedAt: at(5) } },
  { type: 'RunnerWentOffline', data: { runnerId: 7, lastContactedAt: at(3), detectedAt: at(6) } },
  { type: 'RunnerAssignedToProject', data: { runnerId: 7, projectId: 2, assignedAt: at(7) } },
  { type: 'RunnerAuthenticationTokenReset', data: { runnerId: 7, tokenDigest: 'd2', tokenExpiresAt: at(59), resetAt: at(8) } },
  { type: 'RunnerContacted', data: { runnerId: 7, systemId: '__proto__', contactedAt: at(9) } },
  { type: 'RunnerManagerDeleted', data: { runnerId: 7, systemId: 's_1', deletedAt: at(10) } },
  { type: 'RunnerUnassignedFromProject', data: { runnerId: 7, projectId: 2, unassignedAt: at(11) } },
  { type: 'RunnerResumed', data: { runnerId: 7, resumedAt: at(12) } },
  { type: 'RunnerBecameStale', data: { runnerId: 7, lastContactedAt: at(9), detectedAt: at(13) } },
];

let position = 0;
const recorded = (event: RunnerEvent): RecordedEvent => ({
  id: `e${++position}`, type: event.type, data: event.data, metadata: {}, streamId: 'runner-7', revision: 0, position, recordedAt: at(0),
});

/** The decider's managers carry no view ids: compare the state without them. */
const withoutViewIds = (state: object) => JSON.parse(JSON.stringify(state, (key, value) => (key === 'id' || key === 'systemId' ? undefined : value)));

describe('the runners view folds with the runner decider\'s evolve', () => {
  it('holds, after every event, exactly the state the decider folds from the same events', () => {
    const projection = new RunnersProjection();
    history.forEach((event, index) => {
      projection.apply(recorded(event));
      const expected = fold(runnerDecider, history.slice(0, index + 1));
      expect({ after: event.type, state: withoutViewIds(runnerStateOf(projection.get(7)!)) }).toEqual({ after: event.type, state: withoutViewIds(expected) });
    });
  });

  it('keeps the facts only the view has: creation facts, token expiry, updatedAt (changed by attribute changes and token resets, not contacts), manager ids', () => {
    const projection = new RunnersProjection();
    for (const event of history) projection.apply(recorded(event));
    const view = projection.get(7)!;
    expect(view).toMatchObject({ registrationType: 'authenticated_user', groupId: null, name: null, creatorId: 3, tokenExpiresAt: at(59), updatedAt: at(12) });
    expect(Object.keys(view.managers)).toEqual(['__proto__']);
    // The system_id `__proto__` is an entry, never the record's prototype (it has none: see withEntry).
    expect(Object.getPrototypeOf(view.managers)).toBeNull();
    expect(view.managers['__proto__']).toEqual({ id: 2, systemId: '__proto__', info: info('16.0'), ipAddress: null, createdAt: at(2), contactedAt: at(9) });
    expect(projection.getByTokenDigest('d2')?.id).toBe(7);
    expect(projection.getByTokenDigest('d1')).toBeUndefined();
  });

  it('changes nothing, and tells no listener, for a re-applied manager registration or an update of an unknown manager', () => {
    const projection = new RunnersProjection();
    for (const event of history.slice(0, 4)) projection.apply(recorded(event));
    const before = projection.get(7);
    const changed: number[] = [];
    projection.onRunnerChanged((id) => changed.push(id));
    projection.apply(recorded(history[1]));
    projection.apply(recorded({ type: 'RunnerManagerUpdated', data: { runnerId: 7, systemId: 's_9', info: { version: '1' }, updatedAt: at(4) } }));
    expect(projection.get(7)).toBe(before);
    expect(before!.managers.s_1).toMatchObject({ id: 1, contactedAt: at(3) });
    expect(changed).toEqual([]);
  });

  it('forgets a deleted runner and its token', () => {
    const projection = new RunnersProjection();
    for (const event of history) projection.apply(recorded(event));
    projection.apply(recorded({ type: 'RunnerDeleted', data: { runnerId: 7, deletedAt: at(14) } }));
    expect(projection.get(7)).toBeUndefined();
    expect(projection.getByTokenDigest('d2')).toBeUndefined();
    expect(projection.all()).toEqual([]);
  });
});
