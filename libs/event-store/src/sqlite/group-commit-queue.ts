import { settle, type Outcome, type Pending } from '../group-commit';

export type { Outcome };

/**
 * Collects requests submitted while the event loop is busy and writes them with one synchronous
 * `writeBatch` call (one transaction, one fsync). Flushing on setImmediate rather than a microtask
 * gathers everything that arrived in the current I/O phase, so batches grow by themselves under load
 * and a lone request waits less than a millisecond.
 */
export class GroupCommitQueue<Request, Result> {
  private pending: Array<Pending<Request, Result>> = [];
  private flushScheduled = false;

  /**
   * `writeBatch` returns one outcome per request, in order; if it throws, every request in the batch
   * fails with that error.
   */
  constructor(private readonly writeBatch: (requests: readonly Request[]) => Array<Outcome<Result>>) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes whatever is queued now; also what the scheduled flush calls. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let outcomes: Array<Outcome<Result>>;
    try {
      outcomes = this.writeBatch(batch.map((entry) => entry.request));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    settle(batch, outcomes);
  }
}
