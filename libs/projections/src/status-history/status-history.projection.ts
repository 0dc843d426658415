import {
  countFleetStatus,
  emptyFleetCounts,
  FLEET_ABSENT,
  fleetStatusAfter,
  isRunnerEventType,
  RUNNER_CONTACT_STREAM_PREFIX,
  RUNNER_STREAM_PREFIX,
  type FleetCounts,
  type RunnerEvent,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { DocumentCollection } from '../engine/document-collection';
import type { Projection } from '../engine/projection';

/** The finest bucket (GET /runners/status_history?period=24h); hourly ones (7d) are every fourth. */
export const STATUS_BUCKET_MS = 15 * 60_000;
/** Points kept: seven days of quarter hours, and a few beyond so a 7-day answer never reaches past them. */
const KEPT_POINTS = 7 * 96 + 4;
/** Runner status codes per document: a fleet of 100,000 runners is 98 small documents. */
const CHUNK = 1024;

/** Where the series stands: the counts now, and which bucket starts have a recorded point. */
interface SeriesState {
  readonly counts: FleetCounts;
  /** The oldest recorded point, and the next bucket start not recorded yet (null: no fact yet). */
  readonly first: number | null;
  readonly next: number | null;
  /** The latest time of a fact folded so far. */
  readonly latest: number | null;
}

/** A runner's status code changed, at a time in epoch milliseconds. */
export interface StatusChange {
  readonly runnerId: number;
  readonly code: number;
  readonly at: number;
}

/**
 * The change a fact of a runner stream makes to its runner's status code (`codeOf` tells the code
 * before it), or null: other streams, routine contacts, facts that change no count, undated facts.
 */
export function statusChangeOf(recorded: RecordedEvent, codeOf: (runnerId: number) => number): StatusChange | null {
  const stream = recorded.streamId;
  if (!stream.startsWith(RUNNER_STREAM_PREFIX) || stream.startsWith(RUNNER_CONTACT_STREAM_PREFIX) || !isRunnerEventType(recorded.type)) return null;
  const event = { type: recorded.type, data: recorded.data } as RunnerEvent;
  const runnerId = event.data.runnerId;
  const previous = codeOf(runnerId);
  const after = fleetStatusAfter(previous, event);
  if (!after || after.code === previous) return null;
  const at = Date.parse(after.at);
  return Number.isFinite(at) ? { runnerId, code: after.code, at } : null;
}

const NO_STATE: SeriesState = { counts: [0, 0, 0, 0], first: null, next: null, latest: null };
const bucketAtOrAfter = (ms: number) => Math.ceil(ms / STATUS_BUCKET_MS) * STATUS_BUCKET_MS;

/**
 * The fleet's status counts over time (GET /runners/status_history): for each quarter hour of the
 * last seven days, how many runners the status filters of GET /runners/all counted at its start
 * (online, offline, stale, never_contacted), folded from the facts of the runner streams only
 * (registrations, first contacts and returns, the monitor's transitions, deletions: see
 * fleetStatusAfter). Routine contacts are not read: they change no count, and their streams keep
 * only their latest event, so a replay could not see the ones the live fold saw.
 *
 * Memory does not grow with contacts or time: one small integer per runner (in chunks of 1,024,
 * which are also the documents) and at most KEPT_POINTS points. A point is written when the first
 * fact after its bucket start arrives; a fact dated before points already written (a clock behind
 * another replica's) corrects them. Every time is read from payloads, so the service's fold and a
 * replay's (which reads payloads only) write the same documents.
 */
export class StatusHistoryProjection implements Projection {
  readonly name = 'status-history';
  private readonly runners = new DocumentCollection<number[]>('runners');
  private readonly points = new DocumentCollection<FleetCounts>('points');
  private readonly meta = new DocumentCollection<SeriesState>('meta');
  readonly collections = [this.runners, this.points, this.meta] as DocumentCollection<unknown>[];

  replaceWith(other: Projection): void {
    if (!(other instanceof StatusHistoryProjection)) throw new TypeError(`status-history cannot take over ${other.name}`);
    this.runners.replaceWith(other.runners);
    this.points.replaceWith(other.points);
    this.meta.replaceWith(other.meta);
  }

  apply(recorded: RecordedEvent): void {
    const change = statusChangeOf(recorded, (runnerId) => this.code(runnerId));
    if (change) this.applyChange(change);
  }

  /**
   * A change statusChangeOf found, whether in this fold or in a shard's (see status-history-shards.ts).
   * A replay merges about two per runner on its critical path, so the series is written as one flat
   * literal, without spreads (which made this and advance most of that merge's time).
   */
  applyChange({ runnerId, code, at }: StatusChange): void {
    const previous = this.code(runnerId);
    const state = this.state();
    const { first, next } = this.advance(state, at);
    const counts: FleetCounts = [state.counts[0], state.counts[1], state.counts[2], state.counts[3]];
    countFleetStatus(counts, previous, -1);
    countFleetStatus(counts, code, 1);
    this.setCode(runnerId, code);
    // Points already written at or after the fact's time (it is late) count it too.
    const lateFrom = Math.max(bucketAtOrAfter(at), first);
    if (lateFrom < next) {
      const delta = emptyFleetCounts();
      countFleetStatus(delta, previous, -1);
      countFleetStatus(delta, code, 1);
      for (let bucket = lateFrom; bucket < next; bucket += STATUS_BUCKET_MS) {
        const point = this.points.get(bucket);
        if (point) this.points.set(bucket, plus(point, delta));
      }
    }
    this.meta.set('series', { counts, first, next, latest: Math.max(state.latest ?? at, at) });
  }

  /**
   * The counts at `time`: as of the last fact dated at or before it. Bucket starts of the last seven
   * days are exact; other times are exact from the latest fact on (the counts now), else counted
   * as of the bucket start before them.
   */
  countsAt(time: number): FleetCounts {
    const state = this.state();
    if (state.latest === null || state.first === null) return emptyFleetCounts();
    if (time >= state.latest) return [...state.counts];
    const bucket = Math.floor(time / STATUS_BUCKET_MS) * STATUS_BUCKET_MS;
    // Before the oldest point: before the first fact, or more than seven days before the latest.
    if (bucket < state.first) return emptyFleetCounts();
    return [...(this.points.get(bucket) ?? state.counts)];
  }

  private state(): SeriesState {
    return this.meta.get('series') ?? NO_STATE;
  }

  /** Writes the points of the bucket starts before `at` (the counts they had, before this fact) and forgets the oldest; the recorded range after. */
  private advance(state: SeriesState, at: number): { first: number; next: number } {
    if (state.next === null) {
      const next = bucketAtOrAfter(at);
      return { first: next, next };
    }
    let { first, next } = state as { first: number; next: number };
    if (next < at - KEPT_POINTS * STATUS_BUCKET_MS) {
      // Quiet for longer than the points kept: none of them is needed any more.
      for (let bucket = first; bucket < next; bucket += STATUS_BUCKET_MS) this.points.delete(bucket);
      next = first = bucketAtOrAfter(at - KEPT_POINTS * STATUS_BUCKET_MS);
    }
    for (; next < at; next += STATUS_BUCKET_MS) this.points.set(next, [...state.counts]);
    for (; first < next - KEPT_POINTS * STATUS_BUCKET_MS; first += STATUS_BUCKET_MS) this.points.delete(first);
    return { first, next };
  }

  private code(runnerId: number): number {
    return this.runners.get(Math.floor(runnerId / CHUNK))?.[runnerId % CHUNK] ?? FLEET_ABSENT;
  }

  private setCode(runnerId: number, code: number): void {
    const key = Math.floor(runnerId / CHUNK);
    // Changed in place (a fact is folded at most once per document state: re-applying one leaves the code as it is).
    const chunk = this.runners.get(key) ?? new Array<number>(CHUNK).fill(FLEET_ABSENT);
    chunk[runnerId % CHUNK] = code;
    this.runners.set(key, chunk);
  }
}

const plus = (a: FleetCounts, b: FleetCounts): FleetCounts => [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]];
