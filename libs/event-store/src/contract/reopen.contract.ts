import { ContractContext } from './contract-fixture';
import { jestApi } from './jest-api';
import { newEvents, newStreamId } from './test-events';

export function reopenContract(ctx: ContractContext): void {
  const { describe, it, expect } = jestApi();

  describe('reopening', () => {
    // Adapters without durable storage give no `reopen`; for them there is nothing to check here.
    it('keeps every event across close and reopen, and carries on numbering after them', async () => {
      const { reopen } = ctx.fixture;
      if (!reopen) return;
      const streamId = newStreamId();
      await ctx.store.appendToStream(streamId, newEvents(3));
      await ctx.store.appendToStream(newStreamId(), newEvents(2));
      const allBefore = await ctx.store.readAll();
      const headBefore = await ctx.store.headPosition();

      await ctx.store.close();
      ctx.store = await reopen();

      expect(await ctx.store.readAll()).toEqual(allBefore);
      expect(await ctx.store.headPosition()).toBe(headBefore);
      const next = await ctx.store.appendToStream(streamId, newEvents(1), { expectedRevision: 2 });
      expect(next.nextExpectedRevision).toBe(3);
      expect(next.position).toBeGreaterThan(headBefore);
    });
  });
}
