import { BatchHandler, RecordedEvent, Subscription } from './event-store.port';

/** What a catch-up subscription needs from a store; adapter-agnostic so any store that can read `$all` reuses it. */
export interface CatchUpSource {
  /** Events strictly after `position`, oldest first, at most `maxCount`. */
  readAfter(position: number, maxCount: number): readonly RecordedEvent[] | Promise<readonly RecordedEvent[]>;
  /** Registers a wake-up call for appends made in this process; returns the unregister function. */
  onAppended(listener: () => void): () => void;
}

export interface CatchUpOptions {
  readonly after: number;
  readonly batchSize: number;
  /** Upper bound on how late appends made by other processes are noticed. */
  readonly pollIntervalMs: number;
}

/**
 * Reads `$all` in batches from a position and hands each batch to the handler, one at a time. When it
 * runs out of events it sleeps until this process appends or the poll interval elapses, whichever comes
 * first, so other processes' appends are seen too.
 *
 * Correctness rests on one property of the source: an event never becomes readable after an event with
 * a higher position has been read. A single-writer store committing in position order has it.
 */
export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopRequested = false;
  private appendedSinceLastRead = false;
  private wakeSleeper: (() => void) | undefined;

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: CatchUpOptions,
    private readonly handler: BatchHandler,
  ) {
    this.done = this.run();
    // Callers that only ever call stop() must not crash the process with an unhandled rejection; a
    // caller awaiting `done` still sees the rejection.
    this.done.catch(() => undefined);
  }

  /** Resolves after the in-flight batch, if any. Do not await it from inside the handler: it waits for the handler. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wakeSleeper?.();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const stopListening = this.source.onAppended(() => {
      this.appendedSinceLastRead = true;
      this.wakeSleeper?.();
    });
    try {
      let after = this.options.after;
      while (!this.stopRequested) {
        this.appendedSinceLastRead = false;
        const batch = await this.source.readAfter(after, this.options.batchSize);
        if (this.stopRequested) break;
        if (batch.length === 0) {
          if (!this.appendedSinceLastRead) await this.sleep();
          continue;
        }
        await this.handler(batch);
        after = batch[batch.length - 1].position;
        // A synchronous handler would otherwise let a long catch-up starve the event loop.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.stopRequested = true;
      stopListening();
    }
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(wake, this.options.pollIntervalMs);
      this.wakeSleeper = wake;
    });
  }
}
