import { ContractContext } from './contract-fixture';
import { jestApi } from './jest-api';
import { newEvent, newStreamId } from './test-events';

/**
 * Streams far longer than one read or write page of any adapter (EventStoreDB reads in gRPC
 * batches and limits an append's size; SQL adapters page with LIMIT), and events with large
 * payloads: nothing is dropped, duplicated or reordered at page boundaries.
 */
export function bigStreamContract(ctx: ContractContext): void {
  const { describe, it, expect } = jestApi();
  const EVENTS = 3000;
  const PER_APPEND = 1000;

  describe('big streams', () => {
    it(`reads back a stream of ${EVENTS} events written ${PER_APPEND} at a time, whole and page by page`, async () => {
      const streamId = newStreamId('big');
      const written = Array.from({ length: EVENTS }, (_, i) => newEvent({ index: i, padding: 'x'.repeat(200) }));
      let expected = -1;
      for (let from = 0; from < EVENTS; from += PER_APPEND) {
        const result = await ctx.store.appendToStream(streamId, written.slice(from, from + PER_APPEND), { expectedRevision: expected === -1 ? 'no_stream' : expected });
        expected = result.nextExpectedRevision;
      }
      expect(expected).toBe(EVENTS - 1);

      const whole = await ctx.store.readStream(streamId);
      expect(whole.map((event) => event.id)).toEqual(written.map((event) => event.id));
      expect(whole.map((event) => event.revision)).toEqual(written.map((_, i) => i));

      const paged: string[] = [];
      for (let from = 0; ; from += 700) {
        const page = await ctx.store.readStream(streamId, { fromRevision: from, maxCount: 700 });
        paged.push(...page.map((event) => event.id));
        if (page.length < 700) break;
      }
      expect(paged).toEqual(written.map((event) => event.id));
      expect((await ctx.store.readStream(streamId, { fromRevision: EVENTS - 5 })).map((event) => event.revision)).toEqual([2995, 2996, 2997, 2998, 2999]);
    });

    it('reads $all across many pages in append order', async () => {
      const streams = [newStreamId('big-a'), newStreamId('big-b')];
      const written: string[] = [];
      for (let round = 0; round < 4; round++) {
        for (const streamId of streams) {
          const events = Array.from({ length: 250 }, (_, i) => newEvent({ round, i }));
          await ctx.store.appendToStream(streamId, events);
          written.push(...events.map((event) => event.id));
        }
      }
      const read: string[] = [];
      let after = 0;
      for (;;) {
        const page = await ctx.store.readAll({ after, maxCount: 333 });
        read.push(...page.map((event) => event.id));
        if (page.length < 333) break;
        after = page[page.length - 1].position;
      }
      expect(read.filter((id) => written.includes(id))).toEqual(written);
    });

    it('round-trips an event with a 512 KB payload', async () => {
      const streamId = newStreamId('big-payload');
      const text = 'ü'.repeat(256 * 1024);
      const event = newEvent({ text });
      await ctx.store.appendToStream(streamId, [event]);
      const [read] = await ctx.store.readStream(streamId);
      expect((read.data as { text: string }).text).toBe(text);
    });
  });
}
