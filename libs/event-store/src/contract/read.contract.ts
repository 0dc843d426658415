import { ContractContext } from './contract-fixture';
import { jestApi } from './jest-api';
import { appendInTurn, idsOf, newEvents, newStreamId, positionsOf } from './test-events';

export function readContract(ctx: ContractContext): void {
  const { describe, it, expect } = jestApi();

  describe('reading a stream', () => {
    it('returns [] for a stream that does not exist', async () => {
      expect(await ctx.store.readStream(newStreamId())).toEqual([]);
    });

    it('honours fromRevision and maxCount', async () => {
      const streamId = newStreamId();
      await ctx.store.appendToStream(streamId, newEvents(5));
      const revisions = async (options: { fromRevision?: number; maxCount?: number }) =>
        (await ctx.store.readStream(streamId, options)).map((event) => event.revision);

      expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
      expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
      expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
      expect(await revisions({ fromRevision: 3, maxCount: 1 })).toEqual([3]);
      expect(await revisions({ fromRevision: 5 })).toEqual([]);
      expect(await revisions({ maxCount: 0 })).toEqual([]);
    });

    it('reads a tail: from the revision after one already read, exactly the events appended since', async () => {
      // What a command with a cached state does: it read up to revision r, and now reads from r + 1.
      const streamId = newStreamId();
      await ctx.store.appendToStream(streamId, newEvents(3));
      expect(await ctx.store.readStream(streamId, { fromRevision: 3 })).toEqual([]);

      const later = newEvents(2);
      await ctx.store.appendToStream(streamId, later, { expectedRevision: 2 });
      const tail = await ctx.store.readStream(streamId, { fromRevision: 3 });
      expect(tail.map((event) => [event.id, event.revision])).toEqual([[later[0].id, 3], [later[1].id, 4]]);
      expect(tail).toEqual((await ctx.store.readStream(streamId)).slice(3));
    });

    it('returns [] from a revision far past the end, or of a stream that does not exist', async () => {
      const streamId = newStreamId();
      await ctx.store.appendToStream(streamId, newEvents(2));
      expect(await ctx.store.readStream(streamId, { fromRevision: 3 })).toEqual([]);
      expect(await ctx.store.readStream(streamId, { fromRevision: 1000 })).toEqual([]);
      expect(await ctx.store.readStream(streamId, { fromRevision: 1000, maxCount: 5 })).toEqual([]);
      expect(await ctx.store.readStream(newStreamId(), { fromRevision: 7 })).toEqual([]);
    });

    it('returns only that stream', async () => {
      const [a, b] = [newStreamId('a'), newStreamId('b')];
      const written = await appendInTurn(ctx.store, [a, b], 3);
      expect(idsOf(await ctx.store.readStream(a))).toEqual(idsOf(written.filter((_, i) => i % 2 === 0)));
    });
  });

  describe('reading $all', () => {
    it('returns events of every stream in append order with strictly increasing positions', async () => {
      const written = await appendInTurn(ctx.store, [newStreamId('a'), newStreamId('b'), newStreamId('c')], 4);
      const all = await ctx.store.readAll();

      expect(idsOf(all)).toEqual(idsOf(written));
      const positions = positionsOf(all);
      positions.slice(1).forEach((position, i) => expect(position).toBeGreaterThan(positions[i]));
    });

    it('honours after (exclusive) and maxCount', async () => {
      const written = await appendInTurn(ctx.store, [newStreamId('a'), newStreamId('b')], 3);
      const all = await ctx.store.readAll();

      expect(idsOf(await ctx.store.readAll({ after: all[1].position }))).toEqual(idsOf(written.slice(2)));
      expect(idsOf(await ctx.store.readAll({ maxCount: 2 }))).toEqual(idsOf(written.slice(0, 2)));
      expect(idsOf(await ctx.store.readAll({ after: all[2].position, maxCount: 2 }))).toEqual(idsOf(written.slice(3, 5)));
      expect(await ctx.store.readAll({ after: all[5].position })).toEqual([]);
      expect(await ctx.store.readAll({ maxCount: 0 })).toEqual([]);
    });

    it('records the same events in a stream and in $all', async () => {
      const streamId = newStreamId();
      await ctx.store.appendToStream(streamId, newEvents(3));
      expect(await ctx.store.readAll()).toEqual(await ctx.store.readStream(streamId));
    });
  });

  describe('head position', () => {
    it('is 0 for an empty store and then the position of the newest event', async () => {
      expect(await ctx.store.headPosition()).toBe(0);
      await ctx.store.appendToStream(newStreamId(), newEvents(2));
      const { position } = await ctx.store.appendToStream(newStreamId(), newEvents(1));

      expect(await ctx.store.headPosition()).toBe(position);
      const all = await ctx.store.readAll();
      expect(all[all.length - 1].position).toBe(position);
    });
  });
}
