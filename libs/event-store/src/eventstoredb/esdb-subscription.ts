import { setTimeout as sleep } from 'node:timers/promises';
import type { AllStreamSubscription, EventStoreDBClient, ReadPosition } from '@eventstore/db-client';
import type { BatchHandler, RecordedEvent, Subscription } from '../event-store.port';
import { ESDB, esdbClient } from './esdb-client';
import { toEsdbPosition, toRecordedEvent } from './esdb-mapping';
import type { StreamNames } from './stream-selection';

export interface EsdbSubscriptionOptions {
  /** Exclusive port position; 0 for the start of this store. */
  readonly after: number;
  readonly batchSize: number;
  /** Log offset before which the store has no events (0: none); a subscription from 0 starts there. */
  readonly origin: number;
  /** Pause before resubscribing after the connection failed; doubles up to 16× on repeated failures. */
  readonly retryDelayMs: number;
}

/**
 * The port's catch-up subscription on EventStoreDB's own: a `$all` subscription with a server-side
 * stream-name filter (only this store's streams travel), resumed after a port position. The client
 * delivers events one at a time into an object-mode stream; whatever is buffered when the handler
 * is free becomes the next batch (up to batchSize), so a catch-up gets full batches and live events
 * go out at once. The next batch waits for the handler, and the stream's back-pressure reaches the
 * server through gRPC flow control.
 *
 * EventStoreDB treats a subscription's start position as exclusive; events at or before the last
 * delivered position are dropped anyway, so a resubscription after a dropped connection never
 * delivers twice.
 */
export class EsdbCatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopRequested = false;
  private current: AllStreamSubscription | undefined;
  private wakeRetry: (() => void) | undefined;
  private lastDelivered: number;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly names: StreamNames,
    private readonly options: EsdbSubscriptionOptions,
    private readonly handler: BatchHandler,
  ) {
    this.lastDelivered = options.after;
    this.done = this.run();
    // A caller that only ever calls stop() must not crash the process with an unhandled rejection.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wakeRetry?.();
    this.closeCurrent();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopRequested) {
      try {
        await this.consume(this.subscribe());
        // The server ended the subscription without an error (it shuts down, or leadership moved).
        failures = 0;
      } catch (error) {
        if (error instanceof HandlerError) throw error.handlerError;
        if (this.stopRequested) break;
        if (!isTransient(error)) throw error;
        failures += 1;
      } finally {
        this.closeCurrent();
      }
      if (this.stopRequested) break;
      await this.pause(this.options.retryDelayMs * 2 ** Math.min(Math.max(failures - 1, 0), 4));
    }
  }

  private subscribe(): AllStreamSubscription {
    const from: ReadPosition =
      this.lastDelivered > 0
        ? toEsdbPosition(this.lastDelivered)
        : this.options.origin > 0
          ? toEsdbPosition(this.options.origin)
          : ESDB.START;
    const subscription = this.client.subscribeToAll(
      { fromPosition: from, resolveLinkTos: false, filter: esdbClient().streamNameFilter({ regex: this.names.regex }) },
      // Let a whole batch wait in the buffer while the handler works on the previous one.
      { highWaterMark: this.options.batchSize },
    );
    this.current = subscription;
    return subscription;
  }

  private async consume(subscription: AllStreamSubscription): Promise<void> {
    let batch: RecordedEvent[] = [];
    for await (const resolved of subscription) {
      if (this.stopRequested) return;
      const event = resolved.event;
      const streamId = event && this.names.portStreamId(event.streamId);
      if (event && streamId !== undefined) {
        const recorded = toRecordedEvent(event, streamId);
        if (recorded.position > this.lastDelivered && (batch.length === 0 || recorded.position > batch[batch.length - 1].position)) {
          batch.push(recorded);
        }
      }
      // Nothing more buffered right now: hand over what there is rather than wait for a full batch.
      if (batch.length >= this.options.batchSize || (batch.length > 0 && subscription.readableLength === 0)) {
        await this.deliver(batch);
        batch = [];
        if (this.stopRequested) return;
      }
    }
    if (batch.length > 0 && !this.stopRequested) await this.deliver(batch);
  }

  private async deliver(batch: RecordedEvent[]): Promise<void> {
    try {
      await this.handler(batch);
    } catch (error) {
      throw new HandlerError(error);
    }
    this.lastDelivered = batch[batch.length - 1].position;
    // A synchronous handler would otherwise let a long catch-up starve the event loop.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private closeCurrent(): void {
    const subscription = this.current;
    if (!subscription) return;
    this.current = undefined;
    // unsubscribe() cancels the gRPC call; destroying the stream ends a pending read at once.
    subscription.unsubscribe().catch(() => undefined);
    subscription.destroy();
  }

  private async pause(ms: number): Promise<void> {
    const controller = new AbortController();
    this.wakeRetry = () => controller.abort();
    try {
      await sleep(ms, undefined, { signal: controller.signal });
    } catch {
      // Woken by stop().
    } finally {
      this.wakeRetry = undefined;
    }
  }
}

/** Marks a failure of the caller's handler, which stops the subscription, apart from the connection's. */
class HandlerError extends Error {
  constructor(readonly handlerError: unknown) {
    super('Subscription handler failed');
  }
}

/** Server or connection trouble: the subscription resumes from the last delivered event. */
function isTransient(error: unknown): boolean {
  const { isCommandError, ErrorType } = esdbClient();
  const transient: string[] = [ErrorType.UNAVAILABLE, ErrorType.CANCELLED, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.NOT_LEADER];
  if (error instanceof Error && isCommandError(error)) return transient.includes(error.type);
  // The stream closed under the reader without an error of the server's (e.g. the channel went away).
  return (error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}
