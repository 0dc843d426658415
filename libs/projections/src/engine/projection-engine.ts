import { LoopSlices } from '@app/common/loop-slices';
import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import type { Projection } from './projection';
import type { PersistedDocument, ProjectionSave, QueryModelStore } from './query-model-store.port';

export interface ProjectionEngineOptions {
  /** How long applied changes may wait in memory before they are persisted with their checkpoint. */
  readonly flushIntervalMs?: number;
  readonly batchSize?: number;
  readonly onError?: (error: unknown) => void;
  /**
   * Where each projection is persisted, by projection name, when not in the store given to the
   * constructor: query models live in generations (see QueryModelGenerations), one per projection.
   */
  readonly stores?: ReadonlyMap<string, QueryModelStore>;
}

/**
 * Keeps query models current: loads them with their checkpoints, follows the event store from the
 * oldest checkpoint, applies each event to every projection that has not seen it, and persists the
 * touched documents with the new checkpoint. Reads are served from memory, so a command handler
 * that awaits `waitFor(position)` gives its caller read-your-writes.
 *
 * A projection can be replaced while the engine runs (`replaceProjection`): a rebuilt copy is
 * loaded from another store, caught up with the engine, and swapped in between two batches.
 */
export class ProjectionEngine {
  private readonly checkpoints = new Map<string, number>();
  private readonly stores = new Map<string, QueryModelStore>();
  private appliedPosition = 0;
  private waiters: { position: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private subscription?: Subscription;
  private flushTimer?: NodeJS.Timeout;
  private flushChain: Promise<void> = Promise.resolve();
  private failure?: unknown;
  private startedAfter = 0;
  private markStarted!: () => void;
  private readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(
    private readonly store: EventStore,
    queryModels: QueryModelStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionEngineOptions = {},
  ) {
    for (const projection of projections) this.stores.set(projection.name, options.stores?.get(projection.name) ?? queryModels);
  }

  get position(): number {
    return this.appliedPosition;
  }

  /** Why the engine stopped following the log (its subscription failed); undefined while it follows. */
  get failed(): unknown {
    return this.failure;
  }

  /** The position the engine resumed after at start: the oldest persisted checkpoint. */
  get resumedAfter(): number {
    return this.startedAfter;
  }

  /** Resolves once every projection has caught up with the store's head as it was at start. */
  async start(): Promise<void> {
    for (const projection of this.projections) await this.hydrate(projection);
    const from = Math.min(...this.projections.map((p) => this.checkpoints.get(p.name) ?? 0));
    this.appliedPosition = from;
    this.startedAfter = from;
    const head = await this.store.headPosition();
    this.subscription = this.store.subscribeToAll({ after: from, batchSize: this.options.batchSize ?? 1000 }, (batch) => this.apply(batch));
    this.subscription.done.catch((error) => this.fail(error));
    this.markStarted();
    await this.waitFor(head);
  }

  /** Resolves when every event up to `position` is visible in the query models. */
  waitFor(position: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (position <= this.appliedPosition) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ position, resolve, reject }));
  }

  /**
   * Persists everything applied so far. Each projection's changes go to the store that serves it
   * now: which store that is is decided here, not when the save runs, so changes taken before a
   * replacement never land in the replacement's store.
   */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const byStore = new Map<QueryModelStore, ProjectionSave[]>();
    for (const p of this.projections) {
      const store = this.stores.get(p.name)!;
      let entries = byStore.get(store);
      if (!entries) byStore.set(store, (entries = []));
      entries.push({ projection: p.name, changes: p.collections.flatMap((c) => c.takeChanges()), checkpoint: this.checkpoints.get(p.name) ?? 0 });
    }
    // Stores are saved one after another; every projection carries its own checkpoint, so a crash
    // between two saves only leaves one projection further behind, which the next start makes up.
    this.flushChain = this.flushChain.then(async () => {
      for (const [store, entries] of byStore) await store.save(entries);
    });
    return this.flushChain;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.flush();
  }

  /**
   * Swaps `fresh` (a new, empty instance of one of the engine's projections) in for the live one:
   * loads it from `source` (documents and checkpoint, a few per turn of the event loop), lets the
   * live one prepare what it derives from it (Projection.prepareReplacement), applies the events it
   * misses up to the engine's position (or waits for the engine when `source` is ahead), then, synchronously between
   * two batches, moves its state into the live instance (`Projection.replaceWith`, so everyone
   * holding the live instance sees the new state) and makes `source` the store the projection is
   * persisted to from then on. Changes of the old model not yet flushed are dropped with it. Resolves
   * once every save that may still write to the previous store has finished.
   */
  async replaceProjection(fresh: Projection, source: QueryModelStore): Promise<void> {
    const live = this.projections.find((p) => p.name === fresh.name);
    if (!live?.replaceWith) throw new Error(`projection ${fresh.name} is not run by this engine or cannot be replaced`);
    await this.started;
    // While the service serves: a few documents per turn, so that requests go on meanwhile.
    const checkpoint = await loadInto(fresh, source, new LoopSlices());
    fresh.afterHydrate?.();
    await live.prepareReplacement?.(fresh);
    const batchSize = this.options.batchSize ?? 1000;
    let position = checkpoint;
    for (;;) {
      if (this.failure) throw this.failure;
      const target = this.appliedPosition;
      if (position > target) {
        await this.waitFor(position);
        continue;
      }
      if (position === target) break;
      const events = await this.store.readAll({ after: position, maxCount: batchSize });
      let beyond = false;
      for (const event of events) {
        if (event.position > target) {
          beyond = true;
          break;
        }
        fresh.apply(event);
        position = event.position;
      }
      // Every event up to target has been read: positions may have gaps.
      if (beyond || events.length < batchSize) position = Math.max(position, target);
    }
    // Nothing awaits from the check above to here: no batch can slip in between.
    live.replaceWith(fresh);
    this.checkpoints.set(live.name, position);
    this.stores.set(live.name, source);
    this.flushTimer ??= setTimeout(() => void this.flush().catch((error) => this.fail(error)), this.options.flushIntervalMs ?? 100);
    await this.flushChain.catch(() => undefined);
  }

  private async hydrate(projection: Projection): Promise<void> {
    const checkpoint = await loadInto(projection, this.stores.get(projection.name)!);
    projection.afterHydrate?.();
    this.checkpoints.set(projection.name, checkpoint);
  }

  private apply(batch: readonly RecordedEvent[]): void {
    if (batch.length === 0) return;
    for (const projection of this.projections) {
      const checkpoint = this.checkpoints.get(projection.name) ?? 0;
      for (const event of batch) if (event.position > checkpoint) projection.apply(event);
      this.checkpoints.set(projection.name, Math.max(checkpoint, batch[batch.length - 1].position));
    }
    this.appliedPosition = batch[batch.length - 1].position;
    this.releaseWaiters();
    this.flushTimer ??= setTimeout(() => void this.flush().catch((error) => this.fail(error)), this.options.flushIntervalMs ?? 100);
  }

  private releaseWaiters(): void {
    if (this.waiters.length === 0) return;
    const pending: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.position <= this.appliedPosition) waiter.resolve();
      else pending.push(waiter);
    }
    this.waiters = pending;
  }

  private fail(error: unknown): void {
    this.failure = error;
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters = [];
    this.options.onError?.(error);
  }
}

/**
 * A projection's persisted documents into its collections, one at a time where the store can;
 * resolves to the checkpoint. With `slices`, giving the event loop back every few milliseconds (see
 * LoadEachOptions).
 */
export async function loadInto(projection: Projection, store: QueryModelStore, slices?: LoopSlices): Promise<number> {
  const byName = new Map(projection.collections.map((c) => [c.name, c]));
  const visit = (document: PersistedDocument) => byName.get(document.collection)?.hydrate(document.id, document.doc);
  if (store.loadEach) return store.loadEach(projection.name, visit, { slices });
  const { checkpoint, documents } = await store.load(projection.name);
  for (const document of documents) {
    visit(document);
    if (slices?.due()) await slices.handBack();
  }
  return checkpoint;
}
