import type { RecordedEvent } from '../event-store.port';
import { ContractContext } from './contract-fixture';
import { jestApi } from './jest-api';
import { idsOf, isWrongExpectedRevision, newEvent, newEvents, newStreamId, positionsOf, recordSubscription, rejectionOf } from './test-events';

/** Streams truncated to their latest events by `maxCount` (EventStoreDB's `$maxCount`). */
export function truncationContract(ctx: ContractContext): void {
  const { describe, it, expect } = jestApi();

  /** readAll as the contract sees it: without truncated events, also where the store drops them lazily. */
  const kept = (events: readonly RecordedEvent[], truncatedIds: ReadonlySet<string>): RecordedEvent[] =>
    ctx.fixture.allKeepsTruncatedEvents ? events.filter((event) => !truncatedIds.has(event.id)) : [...events];

  describe('streams truncated to their latest events (maxCount)', () => {
    it('keeps only the latest events of the stream, with their revisions and positions', async () => {
      const streamId = newStreamId('truncated');
      const events = [newEvent(), newEvent(), newEvent()];
      const results = [];
      for (const event of events) results.push(await ctx.store.appendToStream(streamId, [event], { maxCount: 1 }));

      const stored = await ctx.store.readStream(streamId);
      expect(idsOf(stored)).toEqual([events[2].id]);
      expect(stored[0].revision).toBe(2);
      expect(stored[0].position).toBe(results[2].position);
      expect(await ctx.store.readStream(streamId, { fromRevision: 0, maxCount: 1 })).toEqual(stored);
      expect(await ctx.store.readStream(streamId, { fromRevision: 3 })).toEqual([]);

      const batch = newEvents(3);
      await ctx.store.appendToStream(streamId, batch, { maxCount: 2 });
      expect(idsOf(await ctx.store.readStream(streamId))).toEqual(idsOf(batch.slice(1)));
      expect((await ctx.store.readStream(streamId)).map((event) => event.revision)).toEqual([4, 5]);
    });

    it('counts every event ever appended in expected revisions', async () => {
      const streamId = newStreamId('truncated');
      for (let i = 0; i < 3; i++) await ctx.store.appendToStream(streamId, [newEvent()], { maxCount: 1 });

      const noStream = await rejectionOf(ctx.store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream', maxCount: 1 }));
      expect(isWrongExpectedRevision(noStream, { streamId, expected: 'no_stream', actual: 2 })).toBe(true);
      const stale = await rejectionOf(ctx.store.appendToStream(streamId, [newEvent()], { expectedRevision: 0, maxCount: 1 }));
      expect(isWrongExpectedRevision(stale, { streamId, expected: 0, actual: 2 })).toBe(true);

      const next = await ctx.store.appendToStream(streamId, [newEvent()], { expectedRevision: 2, maxCount: 1 });
      expect(next.nextExpectedRevision).toBe(3);
      const empty = await ctx.store.appendToStream(streamId, [], { expectedRevision: 3, maxCount: 1 });
      expect(empty).toEqual({ nextExpectedRevision: 3, position: next.position });
    });

    it('leaves other streams alone, and streams appended without maxCount whole', async () => {
      const truncated = newStreamId('truncated');
      const whole = newStreamId('whole');
      await ctx.store.appendToStream(whole, newEvents(3));
      for (let i = 0; i < 3; i++) await ctx.store.appendToStream(truncated, [newEvent()], { maxCount: 1 });

      expect(await ctx.store.readStream(whole)).toHaveLength(3);
      expect(await ctx.store.readStream(truncated)).toHaveLength(1);
    });

    it('skips truncated events in readAll, whose positions then have gaps, and pages across them', async () => {
      const truncated = newStreamId('truncated');
      const other = newStreamId('other');
      const truncatedIds = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const contact = newEvent({ round: i });
        await ctx.store.appendToStream(truncated, [contact], { maxCount: 1 });
        await ctx.store.appendToStream(other, [newEvent({ round: i })]);
        if (i < 3) truncatedIds.add(contact.id);
      }
      const [last] = await ctx.store.readStream(truncated);

      const all = kept(await ctx.store.readAll(), truncatedIds);
      expect(all.filter((event) => event.streamId === truncated)).toEqual([last]);
      expect(all.filter((event) => event.streamId === other)).toHaveLength(4);
      const positions = positionsOf(all);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(positions.length);

      const paged: RecordedEvent[] = [];
      let after = 0;
      for (;;) {
        const page = await ctx.store.readAll({ after, maxCount: 2 });
        if (page.length === 0) break;
        paged.push(...page);
        after = page[page.length - 1].position;
      }
      expect(kept(paged, truncatedIds)).toEqual(all);
      expect(await ctx.store.headPosition()).toBe(positions[positions.length - 1]);
    });

    it('lets a subscription catch up over the gaps, then delivers truncating appends live', async () => {
      const truncated = newStreamId('truncated');
      const truncatedIds = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const contact = newEvent({ round: i });
        await ctx.store.appendToStream(truncated, [contact], { maxCount: 1 });
        if (i < 4) truncatedIds.add(contact.id);
        await ctx.store.appendToStream(newStreamId('other'), [newEvent()]);
      }
      const expected = kept(await ctx.store.readAll(), truncatedIds);
      const recording = recordSubscription(ctx.store, { after: 0, batchSize: 2 });

      await recording.waitForCount(ctx.fixture.allKeepsTruncatedEvents ? expected.length + truncatedIds.size : expected.length);
      expect(kept(recording.received, truncatedIds)).toEqual(expected);

      const live = newEvent({ live: true });
      await ctx.store.appendToStream(truncated, [live], { maxCount: 1 });
      await recording.waitForCount(recording.received.length + 1);
      expect(recording.received[recording.received.length - 1].id).toBe(live.id);
      expect(idsOf(await ctx.store.readStream(truncated))).toEqual([live.id]);
      await recording.subscription.stop();
    });

    it('recognises the retry of the latest append and writes nothing', async () => {
      const streamId = newStreamId('truncated');
      await ctx.store.appendToStream(streamId, [newEvent()], { maxCount: 1 });
      const latest = newEvent();
      const original = await ctx.store.appendToStream(streamId, [latest], { expectedRevision: 0, maxCount: 1 });
      const head = await ctx.store.headPosition();

      expect(await ctx.store.appendToStream(streamId, [latest], { expectedRevision: 0, maxCount: 1 })).toEqual(original);
      expect(await ctx.store.appendToStream(streamId, [latest], { maxCount: 1 })).toEqual(original);
      expect(idsOf(await ctx.store.readStream(streamId))).toEqual([latest.id]);
      expect(await ctx.store.headPosition()).toBe(head);
    });

    it('refuses a maxCount that is not a positive integer, writing nothing', async () => {
      const streamId = newStreamId('truncated');
      for (const maxCount of [0, -1, 1.5]) {
        await expect(ctx.store.appendToStream(streamId, [newEvent()], { maxCount })).rejects.toThrow(TypeError);
      }
      expect(await ctx.store.readStream(streamId)).toEqual([]);
    });
  });
}
