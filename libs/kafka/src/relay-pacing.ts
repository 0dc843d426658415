export interface LoopPacingOptions {
  /** A reported delay at least this long means the service's loop is held up: wait before the next batch. */
  readonly busyDelayMs: number;
  /** How long each wait is. */
  readonly pauseMs: number;
  /** The longest a batch waits in all: the relay always progresses. */
  readonly maxWaitMs: number;
  /** A report older than this is ignored (the service stopped reporting). */
  readonly staleAfterMs: number;
}

export const LOOP_PACING_DEFAULTS: LoopPacingOptions = { busyDelayMs: 10, pauseMs: 20, maxWaitMs: 200, staleAfterMs: 500 };

/**
 * Paces a relay that runs beside the service (in a worker thread) by how late the service's event
 * loop runs: a catch-up's reading, encoding and sending, and the broker's work on it, compete with
 * requests for the machine's cores, so while the service reports its loop held up, the relay waits a
 * little before each batch. It never waits more than maxWaitMs for a batch, and with a quiet service
 * (or no report) it does not wait at all.
 */
export class ServiceLoopPacer {
  private delayMs = 0;
  private reportedAt = Number.NEGATIVE_INFINITY;

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

  /** Before a batch: resolves at once while the service's loop keeps time, else after short waits for it to. */
  readonly beforeBatch = async (): Promise<void> => {
    const started = this.now();
    while (this.busy() && this.now() - started < this.options.maxWaitMs) await this.sleep(this.options.pauseMs);
  };

  private busy(): boolean {
    return this.now() - this.reportedAt < this.options.staleAfterMs && this.delayMs >= this.options.busyDelayMs;
  }
}
