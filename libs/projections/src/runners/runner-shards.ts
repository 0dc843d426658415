import type { RecordedEvent } from '@app/event-store';
import type { DocumentChange, DocumentCollection } from '../engine/document-collection';
import type { Projection } from '../engine/projection';
import type { RunnerView } from './runner-view';
import { RunnersProjection } from './runners.projection';
import { StatusChangeLog, type FoldedStatusChanges } from '../status-history/status-history-shards';

/**
 * A replay folds the runners query model in shards, one per thread, so that both cores read and fold
 * runner events (they are most of the log). A shard is the runners whose id modulo `modulus` is one
 * of `residues`; a runner's documents depend only on its own streams, so shards fold independently,
 * except for one fact: manager ids are numbered across all runners in log order (see
 * RunnerManagerView.id). Each shard therefore remembers the log position at which it numbered each
 * of its managers, and `RunnerShardFold.numberAcross` renumbers them by their rank among all shards'
 * positions, which is the number the whole fold would have given.
 */
export interface RunnerShard {
  readonly modulus: number;
  readonly residues: readonly number[];
}

/**
 * What a shard tells the others once folded, before any thread saves: enough for each to number its
 * managers as the whole fold would, and for the status history. Small: a number per manager and a
 * few per status change, where the shard's runners are most of the models' size.
 */
export interface RunnerShardFacts {
  /** The log position of the event that numbered the shard's manager `i + 1` (its own numbering). */
  readonly managerPositions: readonly number[];
  readonly highestRunnerId: number;
  /** The shard's runners' status changes, for the status history (see status-history-shards.ts). */
  readonly statusChanges: FoldedStatusChanges;
}

/** A shard's runners as they cross to the thread that merges (structured clone), once saved. */
export type FoldedRunners = ReadonlyMap<string, RunnerView>;

/**
 * Folds one shard of the runners query model: the events of runners outside the shard are skipped
 * (whatever the read let through), the rest go to an ordinary RunnersProjection folded from 0.
 * Then, with every shard's facts, it numbers its managers across the fleet (numberAcross), and each
 * thread saves its own shard; one merges the others' saved runners into its model (mergeSaved).
 */
export class RunnerShardFold implements Projection {
  readonly name = 'runners';
  private readonly inner: RunnersProjection;
  private readonly managerPositions: number[] = [];
  private readonly statusChanges = new StatusChangeLog();
  /** Whether each residue is this shard's: asked for every runner event of the log. */
  private readonly ownResidues: readonly boolean[];

  constructor(
    readonly shard: RunnerShard,
    create: () => RunnersProjection = () => new RunnersProjection(),
  ) {
    this.inner = create();
    this.ownResidues = Array.from({ length: shard.modulus }, (_, residue) => shard.residues.includes(residue));
  }

  get collections(): readonly DocumentCollection<unknown>[] {
    return this.inner.collections;
  }

  /** The shard's own runners query model: after numberAcross, what this thread saves (its runners and the fleet's ids record). */
  get projection(): RunnersProjection {
    return this.inner;
  }

  apply(event: RecordedEvent): void {
    const runnerId = (event.data as { runnerId?: unknown } | null)?.runnerId;
    if (typeof runnerId !== 'number' || !this.ownResidues[runnerId % this.shard.modulus]) return;
    const before = this.inner.highestManagerId;
    this.inner.apply(event);
    // Ids are numbered one at a time: at most one new manager per event.
    if (this.inner.highestManagerId !== before) this.managerPositions.push(event.position);
    this.statusChanges.apply(event);
  }

  facts(): RunnerShardFacts {
    return { managerPositions: this.managerPositions, highestRunnerId: this.inner.highestRunnerId, statusChanges: this.statusChanges.result() };
  }

  /**
   * Numbers this shard's managers as one fold of the whole log would, by the rank of their positions
   * among every shard's, and records the whole fleet's highest ids, as RunnersProjection does:
   * highestRunnerId once a runner exists, highestManagerId once a manager was numbered. Once, after
   * the fold; `everyShard` holds this shard's facts too.
   */
  numberAcross(everyShard: readonly RunnerShardFacts[]): void {
    const positions = everyShard.flatMap((shard) => shard.managerPositions).sort((a, b) => a - b);
    const idAt = new Map<number, number>();
    for (let i = 0; i < positions.length; i++) idAt.set(positions[i], i + 1);
    // The fold's own objects, which nothing else holds (each view's managers are its own): renumbered in place.
    for (const view of collection<RunnerView>(this.inner, 'runners').values()) {
      for (const manager of Object.values(view.managers) as { id: number }[]) manager.id = idAt.get(this.managerPositions[manager.id - 1])!;
    }
    const highestRunnerId = Math.max(...everyShard.map((shard) => shard.highestRunnerId));
    const meta = collection<unknown>(this.inner, 'meta');
    if (highestRunnerId > 0) meta.set('ids', positions.length > 0 ? { highestRunnerId, highestManagerId: positions.length } : { highestRunnerId });
  }

  /** The shard's runner documents, for a thread that saves them besides its other models (the thread that merges saves the ids record). */
  takeRunnerChanges(): DocumentChange[] {
    return collection<unknown>(this.inner, 'runners').takeChanges();
  }

  /** The shard's runners, to hand to the thread that merges once they are saved. */
  runners(): FoldedRunners {
    return new Map(collection<RunnerView>(this.inner, 'runners').entries());
  }

  /**
   * This shard's model with `others`' runners (disjoint, numbered across and saved by their own
   * threads) taken over, not copied: the whole fleet's runners query model, equal to folding the
   * whole log in one projection. Only this shard's changes since its save are unsaved: the others'
   * runners come in as loaded documents do.
   */
  mergeSaved(others: readonly FoldedRunners[]): RunnersProjection {
    const runners = collection<RunnerView>(this.inner, 'runners');
    for (const shard of others) for (const [id, view] of shard) runners.hydrate(id, view);
    this.inner.afterHydrate();
    return this.inner;
  }
}

const collection = <Doc>(projection: Projection, name: string) => projection.collections.find((c) => c.name === name) as DocumentCollection<Doc>;
