import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import type { Projection } from './projection';
import type { QueryModelStore } from './query-model-store.port';

export interface ProjectionEngineOptions {
  /** How long applied changes may wait in memory before they are persisted with their checkpoint. */
  readonly flushIntervalMs?: number;
  readonly batchSize?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Keeps query models current: loads them with their checkpoints, follows the event store from the
 * oldest checkpoint, applies each event to every projection that has not seen it, and persists the
 * touched documents with the new checkpoint. Reads are served from memory, so a command handler
 * that awaits `waitFor(position)` gives its caller read-your-writes.
 */
export class ProjectionEngine {
  private readonly checkpoints = new Map<string, number>();
  private appliedPosition = 0;
  private waiters: { position: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private subscription?: Subscription;
  private flushTimer?: NodeJS.Timeout;
  private flushChain: Promise<void> = Promise.resolve();
  private failure?: unknown;
  private startedAfter = 0;

  constructor(
    private readonly store: EventStore,
    private readonly queryModels: QueryModelStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionEngineOptions = {},
  ) {}

  get position(): number {
    return this.appliedPosition;
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
    await this.waitFor(head);
  }

  /** Resolves when every event up to `position` is visible in the query models. */
  waitFor(position: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (position <= this.appliedPosition) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ position, resolve, reject }));
  }

  /** Persists everything applied so far. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const entries = this.projections.map((p) => ({
      projection: p.name,
      changes: p.collections.flatMap((c) => c.takeChanges()),
      checkpoint: this.checkpoints.get(p.name) ?? 0,
    }));
    this.flushChain = this.flushChain.then(() => this.queryModels.save(entries));
    return this.flushChain;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.flush();
  }

  private async hydrate(projection: Projection): Promise<void> {
    const { checkpoint, documents } = await this.queryModels.load(projection.name);
    const byName = new Map(projection.collections.map((c) => [c.name, c]));
    for (const document of documents) byName.get(document.collection)?.hydrate(document.id, document.doc);
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
