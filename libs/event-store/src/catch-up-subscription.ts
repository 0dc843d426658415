import { BatchHandler, RecordedEvent, Subscription } from './event-store.port';

/** What a catch-up subscription needs from a store; adapter-agnostic so any store that can read `$all` reuses it. */
export interface CatchUpSource {
  /** Events strictly after `position`, oldest first, at most `maxCount`. */
  readAfter(position: number, maxCount: number): readonly RecordedEvent[] | Promise<readonly RecordedEvent[]>;
  /**
   * Registers a call for appends made in this process, with the events they committed (or none, if
   * the source cannot tell); returns the unregister function.
   */
  onAppended(listener: (committed?: readonly RecordedEvent[]) => void): () => void;
}

/** Beyond this many buffered events the loop reads from the store instead (a slow handler). */
const MAX_PUSHED = 10_000;

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
  /** Events this process committed, kept until the loop reaches them; a read replaces them on any gap. */
  private pushed: RecordedEvent[] = [];

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
    const stopListening = this.source.onAppended((committed) => {
      this.appendedSinceLastRead = true;
      if (committed && this.pushed.length + committed.length <= MAX_PUSHED) this.pushed.push(...committed);
      else this.pushed = [];
      this.wakeSleeper?.();
    });
    try {
      let after = this.options.after;
      let caughtUpByPush = false;
      while (!this.stopRequested) {
        const pushed = this.takePushed(after);
        if (!pushed && caughtUpByPush && !this.appendedSinceLastRead) {
          // Everything this process appended has been delivered; other processes' appends are
          // found by the poll, so there is nothing to read until something wakes the loop.
          caughtUpByPush = false;
          await this.sleep();
          continue;
        }
        this.appendedSinceLastRead = false;
        const batch = pushed ?? (await this.source.readAfter(after, this.options.batchSize));
        caughtUpByPush = pushed !== undefined;
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

  /**
   * The next batch straight from this process's own appends, when they continue exactly after
   * `after` without a gap; otherwise undefined, and the store is read (other processes' appends,
   * or anything the buffer missed, are only ever found there).
   */
  private takePushed(after: number): RecordedEvent[] | undefined {
    let start = 0;
    while (start < this.pushed.length && this.pushed[start].position <= after) start++;
    const available = this.pushed.slice(start);
    this.pushed = available;
    if (available.length === 0 || available[0].position !== after + 1) {
      this.pushed = [];
      return undefined;
    }
    let end = 1;
    while (end < available.length && end < this.options.batchSize && available[end].position === available[end - 1].position + 1) end++;
    this.pushed = available.slice(end);
    return available.slice(0, end);
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
