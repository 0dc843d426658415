import { RecordedEvent } from '../event-store.port';
import { ContractContext } from './contract-fixture';
import { jestApi } from './jest-api';
import { deferred, delay, newEvent, newEvents, newStreamId, positionsOf, recordSubscription } from './test-events';

export function subscriptionContract(ctx: ContractContext): void {
  const { describe, it, expect } = jestApi();

  /**
   * Appends a last event and waits for it, so that "nothing else arrived" can be asserted without
   * sleeping: anything duplicated or out of order would have been delivered before the sentinel.
   */
  async function expectExactlyAllAfter(recording: ReturnType<typeof recordSubscription>, after: number): Promise<void> {
    await ctx.store.appendToStream(newStreamId('sentinel'), [newEvent()]);
    const expected = await ctx.store.readAll({ after });
    await recording.waitForCount(expected.length);
    expect(positionsOf(recording.received)).toEqual(positionsOf(expected));
    expect(recording.received).toEqual(expected);
  }

  describe('subscribing to $all', () => {
    it('catches up from the start in batches, then delivers later appends live', async () => {
      for (let i = 0; i < 5; i++) await ctx.store.appendToStream(newStreamId(), newEvents(2));
      const recording = recordSubscription(ctx.store, { after: 0, batchSize: 3 });

      await recording.waitForCount(10);
      await ctx.store.appendToStream(newStreamId(), newEvents(3));
      await recording.waitForCount(13);
      await expectExactlyAllAfter(recording, 0);
      expect(Math.max(...recording.batchSizes)).toBeLessThanOrEqual(3);
      await recording.subscription.stop();
    });

    it('starts strictly after the given position', async () => {
      for (let i = 0; i < 6; i++) await ctx.store.appendToStream(newStreamId(), [newEvent()]);
      const middle = (await ctx.store.readAll())[2].position;
      const recording = recordSubscription(ctx.store, { after: middle });

      await recording.waitForCount(3);
      expect(recording.received[0].position).toBeGreaterThan(middle);
      await expectExactlyAllAfter(recording, middle);
      await recording.subscription.stop();
    });

    it('from the head, delivers only what is appended afterwards', async () => {
      await ctx.store.appendToStream(newStreamId(), newEvents(4));
      const head = await ctx.store.headPosition();
      const recording = recordSubscription(ctx.store, { after: head });

      const { position } = await ctx.store.appendToStream(newStreamId(), [newEvent()]);
      await recording.waitForCount(1);
      expect(recording.received[0].position).toBe(position);
      await expectExactlyAllAfter(recording, head);
      await recording.subscription.stop();
    });

    it('delivers concurrent appends to many streams without gaps or duplicates', async () => {
      const recording = recordSubscription(ctx.store, { after: 0, batchSize: 7 });
      await Promise.all(Array.from({ length: 100 }, () => ctx.store.appendToStream(newStreamId(), newEvents(2))));
      await recording.waitForCount(200);
      await expectExactlyAllAfter(recording, 0);
      await recording.subscription.stop();
    });

    it('never hands the handler a batch before the previous one settled', async () => {
      let running = 0;
      let maxRunning = 0;
      const received: RecordedEvent[] = [];
      const allReceived = deferred();
      const subscription = ctx.store.subscribeToAll({ batchSize: 2 }, async (batch) => {
        maxRunning = Math.max(maxRunning, ++running);
        await delay(2);
        received.push(...batch);
        running--;
        if (received.length === 20) allReceived.resolve();
      });
      for (let i = 0; i < 10; i++) void ctx.store.appendToStream(newStreamId(), newEvents(2));

      await allReceived.promise;
      expect(maxRunning).toBe(1);
      await subscription.stop();
    });

    it('stop() resolves after the batch in flight and nothing is delivered afterwards', async () => {
      await ctx.store.appendToStream(newStreamId(), [newEvent()]);
      const inHandler = deferred();
      const releaseHandler = deferred();
      let calls = 0;
      const subscription = ctx.store.subscribeToAll({}, async () => {
        calls++;
        inHandler.resolve();
        await releaseHandler.promise;
      });
      await inHandler.promise;

      let stopped = false;
      const stopping = subscription.stop().then(() => (stopped = true));
      await ctx.store.appendToStream(newStreamId(), [newEvent()]);
      await delay(10);
      expect(stopped).toBe(false);

      releaseHandler.resolve();
      await stopping;
      await expect(subscription.done).resolves.toBeUndefined();
      await ctx.store.appendToStream(newStreamId(), [newEvent()]);
      await delay(20);
      expect(calls).toBe(1);
    });

    it('stops and rejects done when the handler throws', async () => {
      await ctx.store.appendToStream(newStreamId(), [newEvent()]);
      let calls = 0;
      const subscription = ctx.store.subscribeToAll({}, () => {
        calls++;
        throw new Error('projection failed');
      });

      await expect(subscription.done).rejects.toThrow('projection failed');
      await ctx.store.appendToStream(newStreamId(), [newEvent()]);
      await delay(20);
      expect(calls).toBe(1);
      await expect(subscription.stop()).resolves.toBeUndefined();
    });
  });
}
