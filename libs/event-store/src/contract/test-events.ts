import { randomUUID } from 'node:crypto';
import {
  EventData,
  EventStore,
  ExpectedRevision,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';

export function newStreamId(prefix = 'stream'): string {
  return `${prefix}-${randomUUID()}`;
}

export function newEvent(data: unknown = { value: randomUUID() }, type = 'ThingHappened'): EventData {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID() } };
}

export function newEvents(count: number): EventData[] {
  return Array.from({ length: count }, (_, i) => newEvent({ index: i }));
}

/** Appends `count` one-event appends to each stream in turn; returns the events in the order written. */
export async function appendInTurn(store: EventStore, streamIds: readonly string[], rounds: number): Promise<EventData[]> {
  const written: EventData[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const streamId of streamIds) {
      const event = newEvent({ streamId, round });
      await store.appendToStream(streamId, [event]);
      written.push(event);
    }
  }
  return written;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

export function isWrongExpectedRevision(
  error: unknown,
  expected: { streamId: string; expected: ExpectedRevision; actual: number },
): boolean {
  return (
    error instanceof WrongExpectedRevisionError &&
    error.name === 'WrongExpectedRevisionError' &&
    error.streamId === expected.streamId &&
    error.expected === expected.expected &&
    error.actual === expected.actual
  );
}

export interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RecordingSubscription {
  readonly subscription: Subscription;
  readonly received: RecordedEvent[];
  readonly batchSizes: number[];
  /** Resolves once at least `count` events arrived; rejects after `timeoutMs` naming what was missing. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
}

/** A subscription that records what it receives and also checks that batches never overlap. */
export function recordSubscription(store: EventStore, options: SubscribeOptions): RecordingSubscription {
  const received: RecordedEvent[] = [];
  const batchSizes: number[] = [];
  const waiters = new Set<() => void>();
  let handlerRunning = false;
  const subscription = store.subscribeToAll(options, async (batch) => {
    if (handlerRunning) throw new Error('Handler called while the previous batch was still being handled');
    handlerRunning = true;
    await delay(0);
    received.push(...batch);
    batchSizes.push(batch.length);
    handlerRunning = false;
    for (const wake of waiters) wake();
  });
  const waitForCount = (count: number, timeoutMs = 5000): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const settle = (error?: unknown): void => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        if (received.length >= count) settle();
      };
      const timer = setTimeout(
        () => settle(new Error(`Subscription received ${received.length} events, expected at least ${count}`)),
        timeoutMs,
      );
      waiters.add(check);
      // A failed subscription will never deliver more; say why instead of timing out.
      subscription.done.then(check, (error: unknown) => settle(error));
      check();
    });
  return { subscription, received, batchSizes, waitForCount };
}

export function positionsOf(events: readonly RecordedEvent[]): number[] {
  return events.map((event) => event.position);
}

export function idsOf(events: readonly { id: string }[]): string[] {
  return events.map((event) => event.id);
}
