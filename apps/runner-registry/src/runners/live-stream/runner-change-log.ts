/**
 * Which runners changed at which log positions, for the last `capacity` changes: what a live stream
 * needs to resume after a dropped connection (the client's Last-Event-ID) without gaps. Only ids and
 * positions are kept (two typed arrays, no object per change), plus the last view of each runner
 * deleted within the window, so a resumed stream can tell whether its user could read it.
 *
 * `coveredAfter` is the position after which every change is here: older ones fell out of the ring,
 * or were before the log started recording (the service's start, a swapped query-model generation).
 */
export class RunnerChangeLog<Tombstone = unknown> {
  private readonly positions: Float64Array;
  private readonly runnerIds: Float64Array;
  /** Index of the oldest entry, and how many there are. */
  private start = 0;
  private size = 0;
  private covered = 0;
  private readonly tombstones = new Map<number, { readonly position: number; readonly value: Tombstone }>();

  constructor(private readonly capacity: number) {
    this.positions = new Float64Array(capacity);
    this.runnerIds = new Float64Array(capacity);
  }

  get coveredAfter(): number {
    return this.covered;
  }

  /** Forgets everything: from now on only changes after `position` are known. */
  reset(position: number): void {
    this.start = 0;
    this.size = 0;
    this.covered = position;
    this.tombstones.clear();
  }

  /** Positions must not go backwards (the projection engine applies the log in order). */
  record(position: number, runnerId: number, deleted?: Tombstone): void {
    if (this.size === this.capacity) {
      // The oldest change falls out: a client that saw no more than it can no longer resume.
      this.covered = this.positions[this.start];
      this.start = (this.start + 1) % this.capacity;
      this.size--;
    }
    const at = (this.start + this.size) % this.capacity;
    this.positions[at] = position;
    this.runnerIds[at] = runnerId;
    this.size++;
    if (deleted !== undefined) this.tombstones.set(runnerId, { position, value: deleted });
    if (this.tombstones.size > this.capacity) this.pruneTombstones();
  }

  /**
   * Every runner that changed after `position`, with the position of its latest change, in the
   * order of those positions; null when changes after `position` may be missing.
   */
  changesAfter(position: number): { runnerId: number; position: number }[] | null {
    if (position < this.covered) return null;
    const latest = new Map<number, number>();
    for (let i = this.firstAfter(position); i < this.size; i++) {
      const at = (this.start + i) % this.capacity;
      latest.set(this.runnerIds[at], this.positions[at]);
    }
    return [...latest].map(([runnerId, at]) => ({ runnerId, position: at })).sort((a, b) => a.position - b.position);
  }

  /** The last view of a runner deleted within the window. */
  tombstone(runnerId: number): Tombstone | undefined {
    return this.tombstones.get(runnerId)?.value;
  }

  /** The ring offset of the first change after `position` (binary search: positions only grow). */
  private firstAfter(position: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.positions[(this.start + mid) % this.capacity] > position) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  private pruneTombstones(): void {
    for (const [id, { position }] of this.tombstones) if (position <= this.covered) this.tombstones.delete(id);
  }
}
