import type { Logger } from '@nestjs/common';

/**
 * Runs `task` every `intervalMs`, never two runs at once (a slow run makes the next tick skip),
 * logging failures instead of letting them end the timer. The timer does not keep the process alive.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  /** An interval of 0 or less leaves it off. */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.task()
        .then(() => undefined)
        .catch((error) => this.logger.error(error))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
