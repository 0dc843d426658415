import { performance } from 'node:perf_hooks';

/** What a gated request needs of its response: to be told when it is done. */
export interface Finishable {
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

export interface LoopShareOptions {
  /** The most of the loop's time that gated work may take while urgent work is busy on it. */
  readonly share: number;
  /** Urgent work counts as present for this long after the last urgent request. */
  readonly urgentWindowMs: number;
  /** Below this event-loop utilization nothing waits: rationing an idle loop would only add latency. */
  readonly busyUtilization: number;
  /** A gated request's measured cost is capped here, so one slow answer cannot close the gate for long. */
  readonly maxCostMs: number;
  readonly now?: () => number;
  /** The event loop's utilization since the previous call, 0 to 1. */
  readonly utilization?: () => number;
}

export const DEFAULT_LOOP_SHARE: LoopShareOptions = { share: 0.1, urgentWindowMs: 1000, busyUtilization: 0.75, maxCostMs: 10 };

/** How often the loop's utilization is sampled: often enough to follow load, rarely enough to be free. */
const UTILIZATION_SAMPLE_MS = 100;
const WATCHDOG_MS = 1000;

/**
 * Runners' polls come first. The service answers on one event loop, so a dashboard that lists
 * runners in a loop takes the loop's time from the fleet's polls in proportion to what its
 * answers cost (a page of 100 runners costs several polls), and the runners poll late.
 *
 * While runners are polling (an urgent request within `urgentWindowMs`) and the loop is busy
 * (`busyUtilization`), gated work (user lists) takes turns: each waits until the previous one's
 * cost, measured from its turn to its response's end, has been matched by `(1 - share) / share`
 * times as much time for everything else. On a loop with room to spare, or with no runner
 * polling, a turn is granted at once and costs one comparison. Turns are first come, first served.
 */
export class LoopShareGate {
  private readonly now: () => number;
  private readonly utilization: () => number;
  private lastUrgentAt = -Infinity;
  private nextTurnAt = -Infinity;
  private lastSampleAt = -Infinity;
  private busy = false;
  private readonly waiting: { readonly response: Finishable; readonly spentMs: number; readonly resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly options: LoopShareOptions = DEFAULT_LOOP_SHARE) {
    this.now = options.now ?? (() => performance.now());
    this.utilization = options.utilization ?? eventLoopUtilization();
  }

  /** An urgent request (a runner's poll) is being served. */
  urgent(): void {
    this.lastUrgentAt = this.now();
  }

  /**
   * The gated request's turn: undefined when it may go at once, else a promise of its turn.
   * Its cost is `spentMs`, what it took before asking (routing, authentication, params), plus
   * the time from its turn until `response` finishes. Without the first part a runner list's
   * measured cost was about half its CPU, and lists took ~20 % of a busy loop instead of 10 %.
   */
  turn(response: Finishable, spentMs = 0): Promise<void> | undefined {
    const now = this.now();
    if (!this.rationing(now)) return undefined;
    if (this.waiting.length === 0 && now >= this.nextTurnAt) {
      this.measure(response, now, spentMs);
      return undefined;
    }
    return new Promise<void>((resolve) => {
      this.waiting.push({ response, spentMs, resolve });
      this.schedule();
    });
  }

  /** Stops the timer; waiting requests get their turns at once. */
  close(): void {
    clearTimeout(this.watchdog);
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { resolve } of this.waiting.splice(0)) resolve();
  }

  private rationing(now: number): boolean {
    if (now - this.lastUrgentAt > this.options.urgentWindowMs) return false;
    if (now - this.lastSampleAt >= UTILIZATION_SAMPLE_MS) {
      this.lastSampleAt = now;
      this.busy = this.utilization() >= this.options.busyUtilization;
    }
    return this.busy;
  }

  /**
   * Until the response ends, no other turn is due; then the rest of the loop gets its share. A
   * client that hung up while waiting costs nothing; a response that never says it ended counts
   * as the longest cost after a second, so the gate cannot stay shut.
   */
  private measure(response: Finishable, startedAt: number, spentMs: number): void {
    if (response.writableEnded || response.destroyed) return;
    this.nextTurnAt = Infinity;
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      clearTimeout(this.watchdog);
      const end = this.now();
      const cost = Math.min(spentMs + end - startedAt, this.options.maxCostMs);
      this.nextTurnAt = end + (cost * (1 - this.options.share)) / this.options.share;
      if (this.rationing(end)) this.schedule();
      else this.close();
    };
    response.once('finish', finished);
    response.once('close', finished);
    this.watchdog = setTimeout(finished, WATCHDOG_MS);
    this.watchdog.unref();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.waiting.length === 0 || this.nextTurnAt === Infinity) return;
    const delay = Math.max(0, this.nextTurnAt - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Runners stopped polling or the loop has room again: everyone waiting goes now.
      if (!this.rationing(this.now())) return this.close();
      // A client that hung up while waiting starts no measurement, so the next one goes too.
      while (this.waiting.length > 0 && this.nextTurnAt !== Infinity) {
        const { response, spentMs, resolve } = this.waiting.shift()!;
        this.measure(response, this.now(), spentMs);
        resolve();
      }
      this.schedule();
    }, delay);
    this.timer.unref();
  }
}

/** Utilization since the previous call, from Node's own accounting of the loop's idle time. */
function eventLoopUtilization(): () => number {
  let previous = performance.eventLoopUtilization();
  return () => {
    const current = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(current, previous);
    previous = current;
    return utilization;
  };
}
