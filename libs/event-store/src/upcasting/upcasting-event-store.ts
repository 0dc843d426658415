import type {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventData,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import type { UpcasterChain } from './upcaster-chain';

/**
 * The event store as readers should see it: every event read (readStream, readAll, subscription
 * batches) is brought to its current schema version; appends, the head and close go straight to
 * the backing store, which keeps what was written as it was written.
 *
 * An event at a version newer than the code knows makes the read fail (for a subscription: the
 * handler is never called with that batch, and `done` rejects), so nothing downstream misreads it.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    private readonly backing: EventStore,
    private readonly chain: UpcasterChain,
  ) {}

  appendToStream(streamId: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult> {
    return this.backing.appendToStream(streamId, events, options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.chain.upcastAll(await this.backing.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.chain.upcastAll(await this.backing.readAll(options));
  }

  headPosition(): Promise<number> {
    return this.backing.headPosition();
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    return this.backing.subscribeToAll(options, (batch) => handler(this.chain.upcastAll(batch)));
  }

  flush(): Promise<void> {
    return this.backing.flush();
  }

  close(): Promise<void> {
    return this.backing.close();
  }
}
