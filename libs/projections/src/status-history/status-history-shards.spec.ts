import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RecordedEvent } from '@app/event-store';
import { projectionChecksum } from '../engine/checksum';
import { STATUS_BUCKET_MS, StatusHistoryProjection } from './status-history.projection';
import { StatusChangeLog, statusHistoryFromShards } from './status-history-shards';
import { statusFact } from './test-fixtures/status-fact';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const TYPES = ['RunnerRegistered', 'RunnerContacted', 'RunnerWentOffline', 'RunnerBecameStale', 'RunnerDeleted', 'RunnerPaused'] as const;

function fact(position: number, type: (typeof TYPES)[number], runnerId: number, at: number, contactStream: boolean): RecordedEvent {
  const time = Number.isNaN(at) ? 'not a time' : new Date(at).toISOString();
  return statusFact(position, type, runnerId, time, contactStream ? `runner-contact-${runnerId}-${'0'.repeat(32)}` : `runner-${runnerId}`);
}

/**
 * Logs of interleaved runner facts over days (so that points are written, kept and forgotten), with
 * clocks that sometimes run behind (late facts correct written points), contacts in both kinds of
 * stream, undated facts, and gaps in positions.
 */
const logs = fc
  .array(
    fc.record({
      type: fc.constantFrom(...TYPES),
      runnerId: fc.integer({ min: 1, max: 12 }),
      step: fc.integer({ min: -3 * STATUS_BUCKET_MS, max: 40 * STATUS_BUCKET_MS }),
      contactStream: fc.boolean(),
      undated: fc.integer({ min: 0, max: 30 }).map((n) => n === 0),
      gap: fc.integer({ min: 1, max: 3 }),
    }),
    { maxLength: 300 },
  )
  .map((steps) => {
    let at = T0;
    let position = 0;
    return steps.map((s) => {
      at += s.step;
      position += s.gap;
      return fact(position, s.type, s.runnerId, s.undated ? NaN : at, s.contactStream && s.type === 'RunnerContacted');
    });
  });

describe('status history folded from runner shards', () => {
  it('is the very model one fold of the whole log gives, whatever the shards', () => {
    fc.assert(
      fc.property(logs, fc.integer({ min: 1, max: 5 }), (log, modulus) => {
        const whole = new StatusHistoryProjection();
        for (const event of log) whole.apply(event);

        const shards = Array.from({ length: modulus }, () => new StatusChangeLog());
        for (const event of log) shards[(event.data as { runnerId: number }).runnerId % modulus].apply(event);
        const merged = statusHistoryFromShards(shards.map((shard) => shard.result()));

        expect(projectionChecksum(merged)).toEqual(projectionChecksum(whole));
        for (let t = T0 - STATUS_BUCKET_MS; t < T0 + 60 * 24 * 3_600_000; t += 7 * STATUS_BUCKET_MS) expect(merged.countsAt(t)).toEqual(whole.countsAt(t));
      }),
      { numRuns: 300 },
    );
  });

  it('notes only changes: routine contacts, repeated facts and other streams are left out', () => {
    const shard = new StatusChangeLog();
    shard.apply(fact(1, 'RunnerRegistered', 1, T0, false));
    shard.apply(fact(2, 'RunnerContacted', 1, T0 + 1000, false));
    shard.apply(fact(3, 'RunnerContacted', 1, T0 + 2000, false));
    shard.apply(fact(4, 'RunnerContacted', 1, T0 + 3000, true));
    shard.apply(fact(5, 'RunnerPaused', 1, T0 + 4000, false));
    shard.apply({ ...fact(6, 'RunnerDeleted', 1, T0 + 5000, false), streamId: 'job-1' });
    expect(Array.from(shard.result().positions)).toEqual([1, 2]);
  });
});
