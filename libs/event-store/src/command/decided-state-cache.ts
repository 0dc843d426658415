/**
 * A decider's state as of one revision of its stream: the fold of events 0..revision. It is a
 * starting point, never the truth: a command still reads every event after `revision` before it
 * decides, so an entry that another writer (or another replica) has overtaken only costs a longer
 * tail read, never a decision on stale facts.
 */
export interface DecidedState<State> {
  readonly revision: number;
  /** Shared by every later command on the stream: deciders' evolve must never mutate it. */
  readonly state: State;
}

export interface DecidedStateCacheOptions {
  /** Streams kept; the least recently used one goes first. */
  readonly maxEntries: number;
}

/**
 * Decided states by stream id, so a command on a long stream folds only what was appended since the
 * previous command instead of the stream's whole history (see executeDeciderCommand's `cache`).
 *
 * One cache serves one event store and one decider: keys are bare stream ids, and the states are of
 * that decider's type. Bounded by entry count (LRU), since the states of a few hot streams are what
 * pays; a state's own size is its decider's business.
 */
export class DecidedStateCache<State> {
  // A Map iterates in insertion order; re-inserting on every touch keeps the least recent first.
  private readonly entries = new Map<string, DecidedState<State>>();
  readonly maxEntries: number;

  constructor(options: DecidedStateCacheOptions) {
    if (!Number.isSafeInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    this.maxEntries = options.maxEntries;
  }

  get size(): number {
    return this.entries.size;
  }

  get(streamId: string): DecidedState<State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) this.touch(streamId, entry);
    return entry;
  }

  /**
   * Keeps the entry unless the cache already holds a later revision of the stream: commands on one
   * stream may finish out of order, and an older state is only a longer tail to read.
   */
  set(streamId: string, entry: DecidedState<State>): void {
    const current = this.entries.get(streamId);
    if (current && current.revision > entry.revision) return;
    this.touch(streamId, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  clear(): void {
    this.entries.clear();
  }

  private touch(streamId: string, entry: DecidedState<State>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
  }
}
