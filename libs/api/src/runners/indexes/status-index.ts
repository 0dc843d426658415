import { RoaringBitmap32 } from 'roaring';
import type { StatusThresholds } from '@app/domain';
import { DueQueue } from '@app/common/due-queue';

/** What a runner's status follows from: creation and the freshest contact (epoch ms; null: never contacted). */
export interface StatusFacts {
  readonly createdMs: number;
  readonly contactMs: number | null;
}

const ONLINE = 1;
const OFFLINE = 2;
const STALE = 4;
const NEVER_CONTACTED = 8;

/**
 * Runner ids by status, exact at the instant a list asks, although status changes with time and
 * no event says so. The sets hold the status as of `asOf`; every runner is queued at the instant
 * its status may next change (offline at contact + online timeout, stale at last sight + stale
 * timeout: the rules of isOnline and isStale in libs/domain), and advancing to `now` re-reads
 * only the runners that came due. A poll from a runner already online changes nothing here, so
 * the heartbeat pays a lookup, not an index update; its later due time is found when the earlier
 * one surfaces.
 */
export class RunnerStatusIndex {
  readonly online = new RoaringBitmap32();
  readonly offline = new RoaringBitmap32();
  readonly stale = new RoaringBitmap32();
  readonly neverContacted = new RoaringBitmap32();
  /** Counts every change to the sets: an answer computed from them holds while it stays the same. */
  version = 0;
  private flags = new Uint8Array(1024);
  private readonly queue = new DueQueue();
  private readonly onlineMs: number;
  private readonly staleMs: number;

  constructor(
    thresholds: StatusThresholds,
    private readonly facts: (id: number) => StatusFacts | undefined,
    private asOf: number,
  ) {
    this.onlineMs = thresholds.onlineTimeoutSeconds * 1000;
    this.staleMs = thresholds.staleTimeoutSeconds * 1000;
  }

  /** Brings every set to `now`. Time going backwards (a test's clock) costs one rebuild. */
  advance(now: number, ids: () => Iterable<number>): void {
    if (now < this.asOf) return this.rebuild(now, ids());
    this.asOf = now;
    for (const id of this.queue.takeDue(now)) this.place(id);
  }

  rebuild(now: number, ids: Iterable<number>): void {
    this.version++;
    for (const bitmap of [this.online, this.offline, this.stale, this.neverContacted]) bitmap.clear();
    this.flags.fill(0);
    this.queue.clear();
    this.asOf = now;
    for (const id of ids) this.place(id);
  }

  /** A contact arrived: an online runner stays online, so only the others need a look. */
  contacted(id: number): void {
    if (this.flags[id] !== ONLINE) this.place(id);
  }

  /** Re-reads one runner's facts (changed, added or removed) and files it as of `asOf`. */
  place(id: number): void {
    const facts = this.facts(id);
    if (!facts) return this.file(id, 0);
    const { createdMs, contactMs } = facts;
    const online = contactMs !== null && contactMs > this.asOf - this.onlineMs;
    const lastSeen = contactMs === null ? createdMs : Math.max(createdMs, contactMs);
    const stale = lastSeen <= this.asOf - this.staleMs;
    this.file(id, (online ? ONLINE : 0) | (contactMs !== null && !online ? OFFLINE : 0) | (stale ? STALE : 0) | (contactMs === null ? NEVER_CONTACTED : 0));
    const due = Math.min(online ? contactMs + this.onlineMs : Infinity, stale ? Infinity : lastSeen + this.staleMs);
    // A later due time than the one queued is found when the earlier one surfaces.
    if (due < (this.queue.dueOf(id) ?? Infinity)) this.queue.schedule(id, due);
  }

  private file(id: number, flags: number): void {
    if (id >= this.flags.length) this.grow(id);
    const changed = this.flags[id] ^ flags;
    if (changed === 0) return;
    this.version++;
    this.flags[id] = flags;
    if (changed & ONLINE) toggle(this.online, id, flags & ONLINE);
    if (changed & OFFLINE) toggle(this.offline, id, flags & OFFLINE);
    if (changed & STALE) toggle(this.stale, id, flags & STALE);
    if (changed & NEVER_CONTACTED) toggle(this.neverContacted, id, flags & NEVER_CONTACTED);
  }

  private grow(id: number): void {
    let length = this.flags.length;
    while (length <= id) length *= 2;
    const flags = new Uint8Array(length);
    flags.set(this.flags);
    this.flags = flags;
  }
}

function toggle(bitmap: RoaringBitmap32, id: number, present: number): void {
  if (present) bitmap.add(id);
  else bitmap.delete(id);
}
