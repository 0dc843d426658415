import type { AppendOptions, AppendResult, BatchHandler, EventData, EventStore, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

/** An event store whose appends report how long they took (successful or not), for a latency metric. */
export class TimedAppends implements EventStore {
  constructor(
    private readonly store: EventStore,
    private readonly observe: (seconds: number) => void,
  ) {}

  async appendToStream(streamId: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult> {
    const started = process.hrtime.bigint();
    try {
      return await this.store.appendToStream(streamId, events, options);
    } finally {
      this.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    return this.store.subscribeToAll(options, handler);
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
