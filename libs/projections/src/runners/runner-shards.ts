import type { RecordedEvent } from '@app/event-store';
import { DocumentCollection } from '../engine/document-collection';
import type { Projection } from '../engine/projection';
import type { RunnerManagerView, RunnerView } from './runner-view';
import { RunnersProjection } from './runners.projection';

/**
 * A replay folds the runners query model in shards, one per thread, so that both cores read and fold
 * runner events (they are most of the log). A shard is the runners whose id modulo `modulus` is one
 * of `residues`; a runner's documents depend only on its own streams, so shards fold independently,
 * except for one fact: manager ids are numbered across all runners in log order (see
 * RunnerManagerView.id). Each shard therefore remembers the log position at which it numbered each
 * of its managers, and `mergeRunnerShards` renumbers them by their rank among all shards' positions,
 * which is the number the whole fold would have given.
 */
export interface RunnerShard {
  readonly modulus: number;
  readonly residues: readonly number[];
}

export const inRunnerShard = (shard: RunnerShard, runnerId: number): boolean => shard.residues.includes(runnerId % shard.modulus);

/** What a shard's fold produced, as it crosses to another thread (structured clone). */
export interface FoldedRunnerShard {
  readonly runners: ReadonlyMap<string, RunnerView>;
  /** The log position of the event that numbered the shard's manager `i + 1` (its own numbering). */
  readonly managerPositions: readonly number[];
  readonly highestRunnerId: number;
}

/**
 * Folds one shard of the runners query model: the events of runners outside the shard are skipped
 * (whatever the read let through), the rest go to an ordinary RunnersProjection folded from 0.
 */
export class RunnerShardFold implements Projection {
  readonly name = 'runners';
  private readonly inner = new RunnersProjection();
  private readonly managerPositions: number[] = [];

  constructor(readonly shard: RunnerShard) {}

  get collections(): readonly DocumentCollection<unknown>[] {
    return this.inner.collections;
  }

  apply(event: RecordedEvent): void {
    const runnerId = (event.data as { runnerId?: unknown } | null)?.runnerId;
    if (typeof runnerId !== 'number' || !inRunnerShard(this.shard, runnerId)) return;
    const before = this.inner.highestManagerId;
    this.inner.apply(event);
    // Ids are numbered one at a time: at most one new manager per event.
    if (this.inner.highestManagerId !== before) this.managerPositions.push(event.position);
  }

  result(): FoldedRunnerShard {
    const runners = this.inner.collections.find((c) => c.name === 'runners') as DocumentCollection<RunnerView>;
    return { runners: new Map(runners.entries()), managerPositions: this.managerPositions, highestRunnerId: this.inner.highestRunnerId };
  }
}

/**
 * One runners query model from shards folded from position 0 (disjoint shards that together cover
 * every runner), equal to folding the whole log in one projection: documents as folded, manager ids
 * renumbered in log order, the same ids record. Every document is marked changed, as after a fold.
 * The shards' maps and documents are taken over, not copied.
 */
export function mergeRunnerShards(shards: readonly FoldedRunnerShard[]): RunnersProjection {
  const positions = shards.flatMap((shard) => shard.managerPositions).sort((a, b) => a - b);
  const idAt = new Map<number, number>();
  for (let i = 0; i < positions.length; i++) idAt.set(positions[i], i + 1);

  const documents: [string, RunnerView][] = [];
  for (const shard of shards) {
    const renumber = (manager: RunnerManagerView): RunnerManagerView => ({ ...manager, id: idAt.get(shard.managerPositions[manager.id - 1])! });
    for (const [id, view] of shard.runners) documents.push([id, withManagers(view, renumber)]);
  }
  const highestRunnerId = Math.max(0, ...shards.map((shard) => shard.highestRunnerId));

  const merged = new RunnersProjection();
  const [runners, meta] = ['runners', 'meta'].map((name) => merged.collections.find((c) => c.name === name)!);
  for (const [id, view] of documents) runners.set(id, view);
  // As RunnersProjection records them: highestRunnerId once a runner exists, highestManagerId once a manager was numbered.
  if (highestRunnerId > 0) meta.set('ids', positions.length > 0 ? { highestRunnerId, highestManagerId: positions.length } : { highestRunnerId });
  merged.afterHydrate();
  return merged;
}

/** The view with each manager replaced; managers keep their keys and order (computed keys, so `__proto__` stays an own entry). */
function withManagers(view: RunnerView, replace: (manager: RunnerManagerView) => RunnerManagerView): RunnerView {
  const managers: Record<string, RunnerManagerView> = {};
  let any = false;
  for (const systemId of Object.keys(view.managers)) {
    Object.defineProperty(managers, systemId, { value: replace(view.managers[systemId]), enumerable: true, writable: true, configurable: true });
    any = true;
  }
  return any ? { ...view, managers } : view;
}
