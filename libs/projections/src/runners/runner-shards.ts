import type { RecordedEvent } from '@app/event-store';
import { DocumentCollection } from '../engine/document-collection';
import type { Projection } from '../engine/projection';
import type { RunnerView } from './runner-view';
import { RunnersProjection } from './runners.projection';
import { StatusChangeLog, statusHistoryFromShards, type FoldedStatusChanges } from '../status-history/status-history-shards';
import type { StatusHistoryProjection } from '../status-history/status-history.projection';

/**
 * A replay folds the runners query model in shards, one per thread, so that both cores read and fold
 * runner events (they are most of the log). A shard is the runners whose id modulo `modulus` is one
 * of `residues`; a runner's documents depend only on its own streams, so shards fold independently,
 * except for one fact: manager ids are numbered across all runners in log order (see
 * RunnerManagerView.id). Each shard therefore remembers the log position at which it numbered each
 * of its managers, and `RunnerShardFold.mergeWith` renumbers them by their rank among all shards' positions,
 * which is the number the whole fold would have given.
 */
export interface RunnerShard {
  readonly modulus: number;
  readonly residues: readonly number[];
}

/** What a shard's fold produced, as it crosses to another thread (structured clone). */
export interface FoldedRunnerShard {
  readonly runners: ReadonlyMap<string, RunnerView>;
  /** The log position of the event that numbered the shard's manager `i + 1` (its own numbering). */
  readonly managerPositions: readonly number[];
  readonly highestRunnerId: number;
  /** The shard's runners' status changes, for the status history (see status-history-shards.ts). */
  readonly statusChanges: FoldedStatusChanges;
}

/**
 * Folds one shard of the runners query model: the events of runners outside the shard are skipped
 * (whatever the read let through), the rest go to an ordinary RunnersProjection folded from 0.
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

  apply(event: RecordedEvent): void {
    const runnerId = (event.data as { runnerId?: unknown } | null)?.runnerId;
    if (typeof runnerId !== 'number' || !this.ownResidues[runnerId % this.shard.modulus]) return;
    const before = this.inner.highestManagerId;
    this.inner.apply(event);
    // Ids are numbered one at a time: at most one new manager per event.
    if (this.inner.highestManagerId !== before) this.managerPositions.push(event.position);
    this.statusChanges.apply(event);
  }

  /** The shard as folded, to hand to the thread that merges (see mergeWith). */
  result(): FoldedRunnerShard {
    return {
      runners: new Map(collection<RunnerView>(this.inner, 'runners').entries()),
      managerPositions: this.managerPositions,
      highestRunnerId: this.inner.highestRunnerId,
      statusChanges: this.statusChanges.result(),
    };
  }

  /** The status history of the whole fleet: this shard's and `others`' runners (as in mergeWith). */
  statusHistoryWith(others: readonly FoldedRunnerShard[], into?: StatusHistoryProjection): StatusHistoryProjection {
    return statusHistoryFromShards([this.statusChanges.result(), ...others.map((shard) => shard.statusChanges)], into);
  }

  /**
   * This shard and `others` (disjoint, together covering every runner, all folded from position 0)
   * as one runners query model, equal to folding the whole log in one projection: documents as
   * folded, manager ids renumbered in log order, the same ids record; every document marked
   * changed, as after a fold. It is this shard's own projection, grown in place: the fold is done
   * with afterwards, and the others' maps and documents are taken over, not copied.
   */
  mergeWith(others: readonly FoldedRunnerShard[]): RunnersProjection {
    const own = { runners: new Map<string, RunnerView>(), managerPositions: this.managerPositions, highestRunnerId: this.inner.highestRunnerId };
    const shards = [own, ...others];
    const positions = shards.flatMap((shard) => shard.managerPositions).sort((a, b) => a - b);
    const idAt = new Map<number, number>();
    for (let i = 0; i < positions.length; i++) idAt.set(positions[i], i + 1);
    const renumber = (shard: Pick<FoldedRunnerShard, 'managerPositions'>, view: RunnerView) => {
      // The fold's own objects, which nothing else holds (each view's managers are its own): renumbered in place.
      for (const manager of Object.values(view.managers) as { id: number }[]) manager.id = idAt.get(shard.managerPositions[manager.id - 1])!;
    };

    const runners = collection<RunnerView>(this.inner, 'runners');
    // Already marked changed by the fold.
    for (const view of runners.values()) renumber(own, view);
    for (const shard of others) {
      for (const [id, view] of shard.runners) {
        renumber(shard, view);
        runners.set(id, view);
      }
    }
    const highestRunnerId = Math.max(...shards.map((shard) => shard.highestRunnerId));
    // As RunnersProjection records them: highestRunnerId once a runner exists, highestManagerId once a manager was numbered.
    const meta = collection<unknown>(this.inner, 'meta');
    if (highestRunnerId > 0) meta.set('ids', positions.length > 0 ? { highestRunnerId, highestManagerId: positions.length } : { highestRunnerId });
    this.inner.afterHydrate();
    return this.inner;
  }
}

const collection = <Doc>(projection: Projection, name: string) => projection.collections.find((c) => c.name === name) as DocumentCollection<Doc>;
