import type { QueryModelStore } from './query-model-store.port';

/** Releases what `hold` or `tryLockRebuild` took. */
export type Release = () => Promise<void>;

/**
 * Query models in generations, so a rebuild can be made beside the live models and swapped in.
 *
 * Generation 0 is the root store (the query-model store as it always was); a rebuild writes a new
 * generation, numbered above every earlier one, and a pointer per projection says which generation
 * serves it. Promoting flips pointers in one transaction; services follow the pointers (`watch`),
 * and generations nothing points at any more are removed (`removeStale`).
 *
 * Single writer: a generation is written by the rebuild that created it until it is promoted, and
 * only by services afterwards. One rebuild at a time (`tryLockRebuild`) makes every generation above
 * the highest pointer a rebuild's own, so `removeStale` never touches one in progress.
 */
/** Who opens a generation: a service or follower reading and keeping it up to date, or the replay that fills a new one. */
export type GenerationUse = 'serve' | 'rebuild';

export interface QueryModelGenerations {
  /** Generation 0, and whatever is not a rebuildable query model (e.g. the Kafka consumer's ledger). */
  readonly root: QueryModelStore;
  /** The generation serving each projection that was ever promoted; absent ones are served by 0. */
  current(): Promise<ReadonlyMap<string, number>>;
  /** Makes a new, empty generation. */
  create(): Promise<number>;
  /**
   * A store over one generation; for 0 the root store, whose close() is then a no-op. `rebuild`:
   * for the replay filling a generation it created, which may then write faster than a served one
   * (and be unreadable if it fails) until promote makes it servable.
   */
  open(generation: number, use?: GenerationUse): Promise<QueryModelStore>;
  /**
   * Makes each generation named durable and servable, then points each projection at its own, all
   * in one step, and tells watchers. Several generations: a replay whose threads each filled one.
   */
  promote(generationOf: ReadonlyMap<string, number>): Promise<void>;
  /** Calls `listener` (soon) after pointers may have changed; returns the function that stops it. */
  watch(listener: () => void): () => void;
  /** This process serves `projection` from `generation`: removeStale leaves it alone until released. */
  hold(projection: string, generation: number): Promise<Release>;
  /** Removes what no pointer needs any more and nobody holds; returns what was removed, for logs. */
  removeStale(projections: readonly string[]): Promise<string[]>;
  /** One rebuild at a time across processes; undefined when another one holds the lock. */
  tryLockRebuild(): Promise<Release | undefined>;
  /** Where a generation lives, for people (a file, a schema). */
  describe(generation: number): string;
  close(): Promise<void>;
}
