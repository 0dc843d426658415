import { Injectable, Logger } from '@nestjs/common';
import { RUNNER_CONTACT_STREAM_PREFIX } from '@app/domain';
import { ProjectionEngine, RunnersProjection, type RunnerView } from '@app/projections';
import { RunnerChangeLog } from './runner-change-log';

/** One runner's change as a live stream delivers it: the view before the first change of the batch and now (undefined: absent). */
export interface RunnerChange {
  readonly runnerId: number;
  /** The log position of the runner's latest change: the event id a client resumes from. */
  readonly position: number;
  readonly before: RunnerView | undefined;
  readonly after: RunnerView | undefined;
}

/** An open live stream, as the feed sees it. */
export interface RunnerChangeSubscriber {
  /** A batch of changes in position order; `batch` memoises what streams of one audience render alike. */
  deliver(changes: readonly RunnerChange[], batch: Map<string, string>): void;
  /** The feed cannot vouch for what the client holds any more (a swapped query-model generation). */
  reset(): void;
  keepAlive(): void;
  close(): void;
}

/** Changes a client may resume over: ~2.4 MB of ring, about a day of a 10,000-runner fleet's facts (see README). */
const CHANGE_LOG_CAPACITY = 150_000;
/** Bursts are coalesced into one batch per this many milliseconds: a runner changing 50 times in a second is 4 messages at most, and a status change still reaches the screen well within 2 s. */
export const LIVE_BATCH_MS = 250;
/** SSE keep-alive comments, so proxies and load balancers do not drop an idle stream. */
export const LIVE_KEEP_ALIVE_MS = 15_000;

/**
 * Runner changes from the runners query model, for the live streams (GET /runners/live): every
 * change of a runner view is recorded with the log position of the event that caused it (for
 * resuming), and coalesced per runner into one batch every LIVE_BATCH_MS that all open streams
 * share. The feed is fed by the projection, so only what the log records is a change: a poll of a
 * runner that is already online costs the feed nothing, and the routine contact stored once per
 * throttle window is not sent either.
 */
@Injectable()
export class RunnerChangeFeed {
  private readonly logger = new Logger('LiveStream');
  private readonly log = new RunnerChangeLog<RunnerView>(CHANGE_LOG_CAPACITY);
  private readonly subscribers = new Set<RunnerChangeSubscriber>();
  /** Per runner changed since the last batch: its view before the first of those changes, and the latest position. */
  private pending = new Map<number, { before: RunnerView | undefined; position: number }>();
  private batchTimer?: NodeJS.Timeout;
  private keepAliveTimer?: NodeJS.Timeout;
  private started = false;

  constructor(
    private readonly runners: RunnersProjection,
    private readonly engine: ProjectionEngine,
  ) {
    runners.onRunnerViewChanged((before, after) => this.changed(before, after));
  }

  /** Called by the boot sequence once the query models have caught up: changes are recorded from this position on. */
  start(): void {
    this.log.reset(this.engine.position);
    this.started = true;
    this.keepAliveTimer = setInterval(() => this.sendKeepAlives(), LIVE_KEEP_ALIVE_MS);
    this.keepAliveTimer.unref();
  }

  /** Ends every open stream (the graceful shutdown, before it waits for requests in flight). */
  stop(): void {
    this.started = false;
    clearInterval(this.keepAliveTimer);
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
  }

  get accepting(): boolean {
    return this.started;
  }

  get openStreams(): number {
    return this.subscribers.size;
  }

  /** The position of the last change the query model applied: a stream opened now is current as of it. */
  get position(): number {
    return this.engine.position;
  }

  /**
   * Registers a stream. With `resumeAfter`, first the changes since that position (each runner
   * once, at its latest change), or null when they cannot be told (the client must reload).
   */
  subscribe(subscriber: RunnerChangeSubscriber, resumeAfter: number | undefined): RunnerChange[] | null {
    this.subscribers.add(subscriber);
    if (resumeAfter === undefined) return [];
    if (resumeAfter > this.engine.position) return null;
    const changes = this.log.changesAfter(resumeAfter);
    if (!changes) return null;
    return changes.map(({ runnerId, position }) => {
      const after = this.runners.get(runnerId);
      // Deleted within the window: the last view says who could read it.
      return { runnerId, position, before: after ? undefined : this.log.tombstone(runnerId), after };
    });
  }

  unsubscribe(subscriber: RunnerChangeSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  /** Public for tests, which do not wait 15 s. */
  sendKeepAlives(): void {
    for (const subscriber of this.subscribers) subscriber.keepAlive();
  }

  /** Sends what is pending now; public for tests and benchmarks. */
  flush(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    const changes: RunnerChange[] = [];
    for (const [runnerId, { before, position }] of pending) changes.push({ runnerId, position, before, after: this.runners.get(runnerId) });
    changes.sort((a, b) => a.position - b.position);
    const batch = new Map<string, string>();
    for (const subscriber of this.subscribers) {
      try {
        subscriber.deliver(changes, batch);
      } catch (error) {
        this.logger.error(error);
        subscriber.close();
      }
    }
  }

  private changed(before: RunnerView | undefined, after: RunnerView | undefined): void {
    if (!this.started) return;
    if (!before && !after) {
      // Every view may have changed at once (a swapped generation): nothing recorded before holds.
      this.log.reset(this.engine.position);
      this.pending.clear();
      for (const subscriber of this.subscribers) subscriber.reset();
      return;
    }
    const event = this.runners.lastEvent!;
    // A routine contact (a manager's contact stream) never changes status (a return from offline is
    // stored in the runner's own stream): it only moves contacted_at, which moves with every poll anyway.
    if (before && after && event.streamId.startsWith(RUNNER_CONTACT_STREAM_PREFIX)) return;
    const runnerId = (after ?? before)!.id;
    const position = event.position;
    this.log.record(position, runnerId, after ? undefined : before);
    const earlier = this.pending.get(runnerId);
    this.pending.set(runnerId, { before: earlier ? earlier.before : before, position });
    if (this.subscribers.size > 0) this.batchTimer ??= setTimeout(() => this.flush(), LIVE_BATCH_MS);
    else this.pending.clear();
  }
}
