import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import { LoopSlices } from '@app/common/loop-slices';
import { RunnersProjection } from './runners.projection';

let position = 0;
const recorded = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e${++position}`,
  type,
  data,
  metadata: {},
  streamId: `runner-${data.runnerId}`,
  revision: 0,
  position,
  recordedAt: '2026-11-23T10:00:00.000Z',
});

const registered = (runnerId: number) =>
  recorded('RunnerRegistered', {
    runnerId, runnerType: 'instance_type', registrationType: 'registration_token', groupId: null, ownerProjectId: null, projectIds: [],
    name: null, paused: false, description: `r${runnerId}`, locked: false, runUntagged: true, accessLevel: 'not_protected',
    maximumTimeout: null, maintenanceNote: null, tagList: [], creationState: 'finished', creatorId: null,
    tokenDigest: `digest-${runnerId}`, tokenExpiresAt: null, createdAt: '2026-11-23T10:00:00.000Z',
  });

describe('runners projection', () => {
  it('keeps runners in id order through out-of-order registrations, changes and deletions', () => {
    const projection = new RunnersProjection();
    for (const id of [1, 3, 2]) projection.apply(registered(id));
    expect(projection.all().map((r) => r.id)).toEqual([1, 2, 3]);
    projection.apply(registered(5));
    projection.apply(recorded('RunnerDetailsChanged', { runnerId: 2, changes: { description: 'two' }, changedAt: '2026-11-23T11:00:00.000Z' }));
    projection.apply(recorded('RunnerDeleted', { runnerId: 3, deletedAt: '2026-11-23T11:00:00.000Z' }));
    projection.apply(registered(4));
    expect(projection.all().map((r) => [r.id, r.description])).toEqual([[1, 'r1'], [2, 'two'], [4, 'r4'], [5, 'r5']]);
    expect(projection.highestRunnerId).toBe(5);
  });

  it('finds runners by token digest only while the token is current', () => {
    const projection = new RunnerProjectionWithOne();
    projection.apply(recorded('RunnerAuthenticationTokenReset', { runnerId: 1, tokenDigest: 'new', tokenExpiresAt: null, resetAt: '2026-11-23T11:00:00.000Z' }));
    expect(projection.getByTokenDigest('digest-1')).toBeUndefined();
    expect(projection.getByTokenDigest('new')?.id).toBe(1);
    projection.apply(recorded('RunnerDeleted', { runnerId: 1, deletedAt: '2026-11-23T12:00:00.000Z' }));
    expect(projection.getByTokenDigest('new')).toBeUndefined();
  });

  it('finds hydrated runners by token digest, whether filed as they were hydrated or by afterHydrate (documents set, not hydrated)', () => {
    const source = new RunnersProjection();
    for (const id of [1, 2, 3]) source.apply(registered(id));
    const persisted = [...source.collections.find((c) => c.name === 'runners')!.entries()];

    const hydrated = new RunnersProjection();
    for (const [id, doc] of persisted) hydrated.collections.find((c) => c.name === 'runners')!.hydrate(id, doc);
    expect(hydrated.getByTokenDigest('digest-2')?.id).toBe(2);
    hydrated.afterHydrate();
    expect([1, 2, 3].map((id) => hydrated.getByTokenDigest(`digest-${id}`)?.id)).toEqual([1, 2, 3]);

    // As a replay's merge adds the other shard's runners: set, then afterHydrate.
    const merged = new RunnerProjectionWithOne();
    for (const [id, doc] of persisted.slice(1)) merged.collections.find((c) => c.name === 'runners')!.set(id, doc);
    merged.afterHydrate();
    expect([1, 2, 3].map((id) => merged.getByTokenDigest(`digest-${id}`)?.id)).toEqual([1, 2, 3]);
  });

  it('sortInSlices gives all() its order over several turns of the event loop, deleted ids and all', async () => {
    const source = new RunnersProjection();
    for (const id of [5, 1, 9, 3, 2, 8, 7]) source.apply(registered(id));
    source.apply(recorded('RunnerDeleted', { runnerId: 8, deletedAt: '2026-11-23T11:00:00.000Z' }));
    const loaded = new RunnersProjection();
    for (const [collection, target] of source.collections.map((c) => [c, loaded.collections.find((l) => l.name === c.name)!] as const)) {
      for (const [id, doc] of collection.entries()) target.hydrate(id, doc);
    }
    let turns = 0;
    let done = false;
    const tick = () => setImmediate(() => !done && (turns++, tick()));
    tick();
    // A slice per runner: every item hands the loop back.
    await loaded.sortInSlices(new LoopSlices(0, 1));
    done = true;
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(loaded.all().map((runner) => runner.id)).toEqual([1, 2, 3, 5, 7, 9]);
    loaded.apply(registered(4));
    expect(loaded.all().map((runner) => runner.id)).toEqual([1, 2, 3, 4, 5, 7, 9]);
  });

  it('does not duplicate a runner when an event is applied twice', () => {
    const projection = new RunnersProjection();
    const event = registered(1);
    projection.apply(event);
    projection.all();
    projection.apply(event);
    expect(projection.all().map((r) => r.id)).toEqual([1]);
  });
});

class RunnerProjectionWithOne extends RunnersProjection {
  constructor() {
    super();
    this.apply(registered(1));
  }
}
