/**
 * For background work that walks the whole fleet on the event loop (a million runners take seconds):
 * `if (slices.due()) await slices.handBack()` once per item gives the loop back (setImmediate,
 * after pending I/O) whenever `budgetMs` has passed since the work last had it, so polls and
 * requests wait a few milliseconds at most, however long the walk. The clock is read every `every`
 * items only, and an item within the budget costs no promise.
 */
export class LoopSlices {
  private sliceStarted: number;
  private items = 0;

  constructor(
    private readonly budgetMs = 4,
    private readonly every = 64,
    private readonly now: () => number = () => performance.now(),
    private readonly yieldLoop: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  ) {
    this.sliceStarted = now();
  }

  /** Counts one item; true when the slice's budget is spent. */
  due(): boolean {
    if (++this.items % this.every !== 0) return false;
    return this.now() - this.sliceStarted >= this.budgetMs;
  }

  /** After a turn of the event loop; the next slice starts then. */
  async handBack(): Promise<void> {
    await this.yieldLoop();
    this.sliceStarted = this.now();
  }
}
