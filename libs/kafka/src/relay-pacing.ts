export interface LoopPacingOptions {
  /** A reported delay at least this long means the service's loop is held up: wait before the next batch. */
  readonly busyDelayMs: number;
  /** How long each wait is. */
  readonly pauseMs: number;
  /** The longest a batch waits in all: the relay always progresses. */
  readonly maxWaitMs: number;
  /** A report older than this is ignored (the service stopped reporting). */
  readonly staleAfterMs: number;
  /**
   * While catching up (batches come full, one after another), the share of the time the relay and
   * the broker work on it: after each such batch the relay rests for as long as the batch took, times
   * (1 - share) / share. 1: no rest.
   */
  readonly catchUpShare: number;
  /** A batch of at least this many events is a catch-up's. */
  readonly fullBatch: number;
}

export const LOOP_PACING_DEFAULTS: LoopPacingOptions = { busyDelayMs: 10, pauseMs: 20, maxWaitMs: 200, staleAfterMs: 500, catchUpShare: 0.5, fullBatch: 500 };

/**
 * Paces a relay that runs beside the service (in a worker thread). A catch-up's reading, encoding
 * and sending, and the broker's work on it, compete with requests for the machine's cores, so:
 * - while catching up, the relay rests between batches (catchUpShare): a backlog goes out at a
 *   steady fraction of the relay's full speed, far above any rate the log is written at, instead of
 *   in one burst that holds the cores;
 * - while the service reports its event loop held up, the relay waits a little before each batch.
 * It never waits more than maxWaitMs for a batch, and while it keeps up (small batches) with a quiet
 * service (or no report) it does not wait at all.
 */
export class ServiceLoopPacer {
  private delayMs = 0;
  private reportedAt = Number.NEGATIVE_INFINITY;
  /** When the previous batch, if full, was let through: the time since is that batch's work. */
  private previousBatchAt: number | undefined;

  constructor(
    private readonly options: LoopPacingOptions = LOOP_PACING_DEFAULTS,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** The service's latest worst event-loop delay (over its last report interval). */
  report(delayMs: number): void {
    this.delayMs = delayMs;
    this.reportedAt = this.now();
  }

  /** Before a batch of `events`: resolves at once while the relay keeps up beside a service that keeps time, else after a rest. */
  readonly beforeBatch = async (events: number): Promise<void> => {
    const started = this.now();
    const { catchUpShare, fullBatch, maxWaitMs, pauseMs } = this.options;
    if (events >= fullBatch && this.previousBatchAt !== undefined && catchUpShare < 1) {
      const rest = Math.min(((started - this.previousBatchAt) * (1 - catchUpShare)) / catchUpShare, maxWaitMs);
      if (rest >= 1) await this.sleep(rest);
    }
    while (this.busy() && this.now() - started < maxWaitMs) await this.sleep(pauseMs);
    // Only the time from one full batch to the next is a catch-up's work: not a pause in the log's writes.
    this.previousBatchAt = events >= fullBatch ? this.now() : undefined;
  };

  private busy(): boolean {
    return this.now() - this.reportedAt < this.options.staleAfterMs && this.delayMs >= this.options.busyDelayMs;
  }
}
