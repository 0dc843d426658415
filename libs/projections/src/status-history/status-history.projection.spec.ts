import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import { STATUS_BUCKET_MS, StatusHistoryProjection } from './status-history.projection';
import { statusFact } from './test-fixtures/status-fact';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const Q = STATUS_BUCKET_MS;
const iso = (ms: number) => new Date(ms).toISOString();

let position = 0;
function fact(type: string, runnerId: number, at: number, stream = `runner-${runnerId}`): RecordedEvent {
  return statusFact(++position, type, runnerId, iso(at), stream);
}

/** online, offline, stale, never_contacted */
describe('status history projection', () => {
  it('counts at each quarter-hour start what the facts dated at or before it say', () => {
    const p = new StatusHistoryProjection();
    p.apply(fact('RunnerRegistered', 1, T0 + 60_000));
    p.apply(fact('RunnerRegistered', 2, T0 + Q)); // exactly on a bucket start: counted in it
    p.apply(fact('RunnerContacted', 1, T0 + 2 * Q + 1));
    p.apply(fact('RunnerWentOffline', 1, T0 + 5 * Q));
    p.apply(fact('RunnerBecameStale', 2, T0 + 6 * Q + 5));
    p.apply(fact('RunnerDeleted', 2, T0 + 8 * Q));
    expect(p.countsAt(T0)).toEqual([0, 0, 0, 0]);
    expect(p.countsAt(T0 + Q)).toEqual([0, 0, 0, 2]);
    expect(p.countsAt(T0 + 2 * Q)).toEqual([0, 0, 0, 2]);
    expect(p.countsAt(T0 + 3 * Q)).toEqual([1, 0, 0, 1]);
    expect(p.countsAt(T0 + 5 * Q)).toEqual([0, 1, 0, 1]);
    expect(p.countsAt(T0 + 7 * Q)).toEqual([0, 1, 1, 1]);
    expect(p.countsAt(T0 + 8 * Q)).toEqual([0, 1, 0, 0]);
    expect(p.countsAt(T0 + 100 * Q)).toEqual([0, 1, 0, 0]);
  });

  it('ignores routine contacts (contact streams) and facts that change no count', () => {
    const p = new StatusHistoryProjection();
    p.apply(fact('RunnerRegistered', 1, T0));
    p.apply(fact('RunnerContacted', 1, T0 + Q, 'runner-contact-1-abc'));
    p.apply(fact('RunnerPaused', 1, T0 + 2 * Q));
    expect(p.countsAt(T0 + 3 * Q)).toEqual([0, 0, 0, 1]);
    expect(p.collections.find((c) => c.name === 'points')!.size).toBe(0);
  });

  it('a late fact (dated before points already written) corrects them', () => {
    const p = new StatusHistoryProjection();
    p.apply(fact('RunnerRegistered', 1, T0));
    p.apply(fact('RunnerRegistered', 2, T0 + 4 * Q));
    p.apply(fact('RunnerContacted', 1, T0 + 2 * Q));
    expect([1, 2, 3, 4].map((n) => p.countsAt(T0 + n * Q))).toEqual([
      [0, 0, 0, 1],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 0, 0, 1],
    ]);
  });

  it('keeps seven days of points whatever the log holds, and forgets older ones', () => {
    const p = new StatusHistoryProjection();
    for (let runner = 1; runner <= 3; runner++) p.apply(fact('RunnerRegistered', runner, T0));
    const day = 96 * Q;
    for (let d = 1; d <= 30; d++) p.apply(fact(d % 2 ? 'RunnerContacted' : 'RunnerWentOffline', 1, T0 + d * day));
    const points = p.collections.find((c) => c.name === 'points')!;
    expect(points.size).toBeLessThanOrEqual(7 * 96 + 4);
    expect(p.countsAt(T0 + 29 * day + Q)).toEqual([1, 0, 0, 2]);
    expect(p.countsAt(T0 + 30 * day)).toEqual([0, 1, 0, 2]);
    // A year of quiet, then one fact: no point of the quiet year is written.
    p.apply(fact('RunnerContacted', 2, T0 + 400 * day));
    expect(points.size).toBeLessThanOrEqual(7 * 96 + 4);
    expect(p.countsAt(T0 + 400 * day - Q)).toEqual([0, 1, 0, 2]);
    expect(p.countsAt(T0 + 400 * day)).toEqual([1, 1, 0, 1]);
  });

  it('does not grow with contacts: a runner is one number', () => {
    const p = new StatusHistoryProjection();
    for (let runner = 1; runner <= 5000; runner++) p.apply(fact('RunnerRegistered', runner, T0));
    for (let i = 0; i < 20; i++) for (let runner = 1; runner <= 5000; runner++) p.apply(fact('RunnerContacted', runner, T0 + i * 1000, `runner-contact-${runner}-x`));
    expect(p.collections.reduce((sum, c) => sum + c.size, 0)).toBe(Math.ceil(5001 / 1024) + 1);
  });

  it('a replay folds the same documents as a fold that was persisted and hydrated halfway', () => {
    const facts = [
      fact('RunnerRegistered', 1, T0),
      fact('RunnerRegistered', 2, T0 + 1000),
      fact('RunnerContacted', 1, T0 + 3 * Q),
      fact('RunnerWentOffline', 1, T0 + 12 * Q),
      fact('RunnerDeleted', 2, T0 + 13 * Q),
    ];
    const whole = new StatusHistoryProjection();
    facts.forEach((f) => whole.apply(f));
    const first = new StatusHistoryProjection();
    facts.slice(0, 3).forEach((f) => first.apply(f));
    const resumed = new StatusHistoryProjection();
    for (const collection of first.collections) {
      const target = resumed.collections.find((c) => c.name === collection.name)!;
      for (const [id, doc] of collection.entries()) target.hydrate(id, JSON.parse(JSON.stringify(doc)));
    }
    facts.slice(3).forEach((f) => resumed.apply(f));
    const documents = (p: StatusHistoryProjection) => p.collections.map((c) => [c.name, [...c.entries()].sort()]);
    expect(documents(resumed)).toEqual(documents(whole));
  });
});
