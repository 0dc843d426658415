import { describe, expect, it } from '@jest/globals';
import type { RunnerEvent } from './runner.events';
import { countFleetStatus, emptyFleetCounts, FLEET_ABSENT, fleetStatusAfter, type FleetCounts } from './fleet-status';

const at = '2026-11-23T10:00:00.000Z';
const registered = { type: 'RunnerRegistered', data: { runnerId: 1, createdAt: at } } as unknown as RunnerEvent;
const contacted = { type: 'RunnerContacted', data: { runnerId: 1, contactedAt: at, systemId: null } } as RunnerEvent;
const offline = { type: 'RunnerWentOffline', data: { runnerId: 1, lastContactedAt: at, detectedAt: at } } as RunnerEvent;
const stale = { type: 'RunnerBecameStale', data: { runnerId: 1, lastContactedAt: null, detectedAt: at } } as RunnerEvent;
const deleted = { type: 'RunnerDeleted', data: { runnerId: 1, deletedAt: at } } as RunnerEvent;
const paused = { type: 'RunnerPaused', data: { runnerId: 1, pausedAt: at } } as RunnerEvent;

/** Folds the facts and says what the runner counts as (online, offline, stale, never_contacted). */
function countsAfter(...events: RunnerEvent[]): FleetCounts {
  let code = FLEET_ABSENT;
  for (const event of events) code = fleetStatusAfter(code, event)?.code ?? code;
  const counts = emptyFleetCounts();
  countFleetStatus(counts, code, 1);
  return counts;
}

describe('a runner in the fleet status counts (the status filters of GET /runners/all)', () => {
  it('given a registration, it is never_contacted', () => expect(countsAfter(registered)).toEqual([0, 0, 0, 1]));
  it('given a contact, it is online', () => expect(countsAfter(registered, contacted)).toEqual([1, 0, 0, 0]));
  it('given the monitor saw it go offline, it is offline', () => expect(countsAfter(registered, contacted, offline)).toEqual([0, 1, 0, 0]));
  it('given it then went stale, it is stale and still offline (the filters overlap)', () =>
    expect(countsAfter(registered, contacted, offline, stale)).toEqual([0, 1, 1, 0]));
  it('given it went stale without a contact, it is stale and never_contacted', () => expect(countsAfter(registered, stale)).toEqual([0, 0, 1, 1]));
  it('given it came back, it is online and no longer stale', () => expect(countsAfter(registered, contacted, offline, stale, contacted)).toEqual([1, 0, 0, 0]));
  it('given it was deleted, it counts nowhere', () => expect(countsAfter(registered, contacted, deleted)).toEqual([0, 0, 0, 0]));
  it('facts about a runner it never heard of count nowhere', () => expect(countsAfter(contacted, offline)).toEqual([0, 0, 0, 0]));
  it('pausing changes no count (the status filters ignore it)', () => expect(fleetStatusAfter(1, paused)).toBeNull());
  it('dates each fact by its payload', () => expect(fleetStatusAfter(1, { ...offline, data: { ...offline.data, detectedAt: '2026-11-24T00:00:00.000Z' } } as RunnerEvent)?.at).toBe('2026-11-24T00:00:00.000Z'));
});
