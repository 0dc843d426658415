import { CatchUpSubscription } from './catch-up-subscription';
import type { BatchHandler, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

const DEFAULT_BATCH_SIZE = 500;

/**
 * The subscriptions an adapter has open, and the in-process push of what it commits: every
 * adapter needs the same bookkeeping, only how it reads `$all` differs.
 */
export class LiveSubscriptions {
  private readonly listeners = new Set<(committed?: readonly RecordedEvent[]) => void>();
  private readonly open = new Set<CatchUpSubscription>();

  constructor(private readonly pollIntervalMs: number) {}

  subscribe(
    readAfter: (position: number, maxCount: number) => readonly RecordedEvent[] | Promise<readonly RecordedEvent[]>,
    options: SubscribeOptions,
    handler: BatchHandler,
  ): Subscription {
    const subscription = new CatchUpSubscription(
      {
        readAfter,
        onAppended: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      },
      { after: options.after ?? 0, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE, pollIntervalMs: this.pollIntervalMs },
      handler,
    );
    this.open.add(subscription);
    const forget = () => this.open.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  /** Wakes every subscription, handing over the events just committed (or none when unknown). */
  notify(committed?: readonly RecordedEvent[]): void {
    for (const listener of this.listeners) listener(committed);
  }

  stopAll(): Promise<unknown> {
    return Promise.all([...this.open].map((subscription) => subscription.stop()));
  }
}
