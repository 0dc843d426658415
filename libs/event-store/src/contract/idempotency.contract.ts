import { ContractContext } from './contract-fixture';
import { jestApi } from './jest-api';
import { idsOf, newEvent, newEvents, newStreamId } from './test-events';

export function idempotencyContract(ctx: ContractContext): void {
  const { describe, it, expect } = jestApi();

  describe('idempotent appends (same event ids)', () => {
    it('returns the original result and writes nothing when an append is retried', async () => {
      const streamId = newStreamId();
      const events = newEvents(3);
      const original = await ctx.store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      const headAfterOriginal = await ctx.store.headPosition();

      expect(await ctx.store.appendToStream(streamId, events, { expectedRevision: 'no_stream' })).toEqual(original);
      expect(await ctx.store.appendToStream(streamId, events, { expectedRevision: 'any' })).toEqual(original);
      expect(await ctx.store.appendToStream(streamId, events)).toEqual(original);

      expect(idsOf(await ctx.store.readStream(streamId))).toEqual(idsOf(events));
      expect(await ctx.store.headPosition()).toBe(headAfterOriginal);
    });

    it('accepts the retry of a later append in the stream whatever expected revision it carries', async () => {
      const streamId = newStreamId();
      await ctx.store.appendToStream(streamId, newEvents(2));
      const retried = newEvents(2);
      const original = await ctx.store.appendToStream(streamId, retried, { expectedRevision: 1 });

      expect(await ctx.store.appendToStream(streamId, retried, { expectedRevision: 1 })).toEqual(original);
      expect(await ctx.store.appendToStream(streamId, retried, { expectedRevision: 'stream_exists' })).toEqual(original);
      expect(await ctx.store.readStream(streamId)).toHaveLength(4);
    });

    it('rejects, writing nothing, an event id already recorded in another stream', async () => {
      const event = newEvent();
      await ctx.store.appendToStream(newStreamId(), [event]);
      const otherStream = newStreamId();
      const headBefore = await ctx.store.headPosition();

      await expect(ctx.store.appendToStream(otherStream, [newEvent(), event])).rejects.toThrow();

      expect(await ctx.store.readStream(otherStream)).toEqual([]);
      expect(await ctx.store.headPosition()).toBe(headBefore);
    });

    it('rejects, writing nothing, an append that only partly repeats an earlier one', async () => {
      const streamId = newStreamId();
      const earlier = newEvents(2);
      await ctx.store.appendToStream(streamId, earlier);
      const headBefore = await ctx.store.headPosition();

      await expect(ctx.store.appendToStream(streamId, [...earlier, newEvent()])).rejects.toThrow();

      expect(idsOf(await ctx.store.readStream(streamId))).toEqual(idsOf(earlier));
      expect(await ctx.store.headPosition()).toBe(headBefore);
    });
  });
}
