/**
 * Runs queued work one job per turn of the event loop, in the check phase, after the I/O that was
 * ready in that turn. Work that is heavier than a heartbeat (a page of a hundred runners) goes
 * through it, so however many clients list at once, each turn first serves every poll that arrived
 * and then one list: polls keep their share of the loop instead of waiting behind a burst of pages.
 */
export class TurnQueue {
  private readonly jobs: (() => void)[] = [];
  private scheduled = false;

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    });
  }

  get pending(): number {
    return this.jobs.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    this.jobs.shift()?.();
    if (this.jobs.length > 0) this.schedule();
  }
}
