import { WrongExpectedRevisionError } from '../event-store.port';
import { ContractContext } from './contract-fixture';
import { jestApi } from './jest-api';
import { idsOf, newEvent, newEvents, newStreamId } from './test-events';

export function concurrencyContract(ctx: ContractContext): void {
  const { describe, it, expect } = jestApi();

  describe('concurrent appends', () => {
    it('200 concurrent appends to distinct streams all succeed with unique positions', async () => {
      const appends = Array.from({ length: 200 }, () => ({ streamId: newStreamId(), events: newEvents(2) }));

      const results = await Promise.all(
        appends.map(({ streamId, events }) => ctx.store.appendToStream(streamId, events, { expectedRevision: 'no_stream' })),
      );

      expect(new Set(results.map((result) => result.position)).size).toBe(200);
      expect(results.every((result) => result.nextExpectedRevision === 1)).toBe(true);
      const all = await ctx.store.readAll();
      expect(all).toHaveLength(400);
      expect(new Set(idsOf(all))).toEqual(new Set(appends.flatMap(({ events }) => idsOf(events))));
      for (const [i, { streamId }] of appends.entries()) {
        const stream = await ctx.store.readStream(streamId);
        expect(stream[1].position).toBe(results[i].position);
      }
    });

    it('flush() resolves only once every append submitted before it is written', async () => {
      const appends = Array.from({ length: 20 }, () => ctx.store.appendToStream(newStreamId(), newEvents(1)));
      await ctx.store.flush();
      // Read before the appends' own promises are awaited: the rows are there because flush wrote them.
      const written = await ctx.store.readAll();
      await Promise.all(appends);
      expect(written).toHaveLength(20);
    });

    it('of 50 concurrent appends to one stream with the same expected revision, exactly one wins', async () => {
      const streamId = newStreamId();
      await ctx.store.appendToStream(streamId, [newEvent()]);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, () => ctx.store.appendToStream(streamId, newEvents(2), { expectedRevision: 0 })),
      );

      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(49);
      for (const error of losers) {
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 0, actual: 2 });
      }
      expect(await ctx.store.readStream(streamId)).toHaveLength(3);
    });

    it('of 50 concurrent creations of one stream, exactly one wins', async () => {
      const streamId = newStreamId();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, () => ctx.store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' })),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(await ctx.store.readStream(streamId)).toHaveLength(1);
    });

    it('keeps every concurrent "any" append to one stream, each contiguous and revisions gapless', async () => {
      const streamId = newStreamId();
      const appends = Array.from({ length: 50 }, () => newEvents(3));

      const results = await Promise.all(appends.map((events) => ctx.store.appendToStream(streamId, events)));

      const stream = await ctx.store.readStream(streamId);
      expect(stream.map((event) => event.revision)).toEqual(Array.from({ length: 150 }, (_, i) => i));
      appends.forEach((events, i) => {
        const last = results[i].nextExpectedRevision;
        expect(idsOf(stream.slice(last - 2, last + 1))).toEqual(idsOf(events));
      });
    });
  });
}
