import { settle, type Outcome, type Pending } from '../group-commit';

export type { Outcome };

/**
 * The asynchronous sibling of the SQLite adapter's GroupCommitQueue: requests that arrive while a
 * batch is being written wait, and all of them go out together as the next batch as soon as it
 * returns. One batch at a time is deliberate: writers serialize on the database anyway (see
 * postgres-event-schema.ts), so a second concurrent transaction would only queue on the server while
 * the batch it could have joined grows here instead; and batches finishing in submission order keeps
 * committed events reaching in-process subscribers in position order.
 */
export class AsyncGroupCommitQueue<Request, Result> {
  private pending: Array<Pending<Request, Result>> = [];
  private flushScheduled = false;
  private inFlight: Promise<void> | undefined;

  /**
   * `writeBatch` resolves with one outcome per request, in order; if it rejects, every request in
   * the batch fails with that error. `maxBatchSize` bounds one transaction's size and duration.
   */
  constructor(
    private readonly writeBatch: (requests: readonly Request[]) => Promise<Array<Outcome<Result>>>,
    private readonly maxBatchSize: number,
  ) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.inFlight || this.pending.length > 0) {
      if (!this.inFlight) this.flush();
      await this.inFlight;
    }
  }

  /**
   * setImmediate rather than a microtask gathers everything submitted in the current I/O phase, so a
   * lone append waits well under a millisecond and a burst still goes out as one batch.
   */
  private schedule(): void {
    if (this.flushScheduled || this.inFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (!this.inFlight) this.flush();
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0, this.maxBatchSize);
    if (batch.length === 0) return;
    this.inFlight = this.write(batch).finally(() => {
      this.inFlight = undefined;
      // Whatever arrived meanwhile is already a batch: send it without waiting for another tick.
      if (this.pending.length > 0) this.flush();
    });
  }

  private async write(batch: Array<Pending<Request, Result>>): Promise<void> {
    let outcomes: Array<Outcome<Result>>;
    try {
      outcomes = await this.writeBatch(batch.map((entry) => entry.request));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    settle(batch, outcomes);
  }
}
