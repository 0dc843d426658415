/**
 * GitLab's ApplicationRateLimiter: a counter per key that starts its window at the key's first
 * request and allows `limit` requests until the window ends. Kept in this process's memory, so
 * each replica enforces the limit on the polls it receives; a poll costs a map lookup, no I/O.
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private nextPruneAt = 0;

  /** `limit` 0 turns limiting off, as GitLab's setting does. */
  constructor(
    private readonly limit: number,
    private readonly periodMs: number,
  ) {}

  /** Counts the request; false once the key went over its limit in the current window. */
  allow(key: string, nowMs: number): boolean {
    if (this.limit === 0) return true;
    this.pruneExpired(nowMs);
    const window = this.windows.get(key);
    if (window === undefined || window.endsAt <= nowMs) {
      this.windows.set(key, { count: 1, endsAt: nowMs + this.periodMs });
      return true;
    }
    window.count++;
    return window.count <= this.limit;
  }

  /** Keys tracked; ended windows are dropped at most once a period, so a fleet's churn does not grow it. */
  get size(): number {
    return this.windows.size;
  }

  private pruneExpired(nowMs: number): void {
    if (nowMs < this.nextPruneAt) return;
    this.nextPruneAt = nowMs + this.periodMs;
    for (const [key, window] of this.windows) if (window.endsAt <= nowMs) this.windows.delete(key);
  }
}
