import {
  RunnerShardFold,
  statusHistoryFromShards,
  type Projection,
  type ProjectionSave,
  type QueryModelStore,
  type StatusHistoryProjection,
} from '@app/projections';
import { createRebuiltQueryModel } from '../../../runner-registry/src/kernel/query-model-generations';
import type { ShardExchange } from './shard-exchange';

/** How a part of a replay saves what it folded into the new generation (see rebuild-part.ts). */

/** What the projections changed since their last save (all of it, the first time), saved into the generation at `checkpoint`. */
export async function saveChanges(target: QueryModelStore, projections: readonly Projection[], checkpoint: number): Promise<void> {
  const entries = projections.map((p) => ({ projection: p.name, changes: p.collections.flatMap((c) => c.takeChanges()), checkpoint }));
  await saveWhenFree(target, entries);
}

export type Timed = <T>(phase: string, work: () => Promise<T>) => Promise<T>;

/**
 * A sharded part's save: both threads tell each other their shard's facts, number their managers
 * across the fleet and save their own runners beside their other models (see shard-exchange.ts).
 * The part with 'runners' saves the fleet's ids record and the status history, then merges the
 * other shards' runners, saved by now, into its model; the other hands its runners over. Returns
 * the part's models as the comparison goes on with them.
 */
export async function saveShard(
  shardFold: RunnerShardFold,
  folded: readonly Projection[],
  context: { names: readonly string[]; targets: { models: QueryModelStore; runners: QueryModelStore }; checkpoint: number; exchange: ShardExchange; timed: Timed },
): Promise<Projection[]> {
  const { names, targets, checkpoint, exchange, timed } = context;
  if ((exchange.role === 'merging') !== names.includes('runners')) {
    throw new Error(exchange.role === 'merging' ? 'a part without the runners query model cannot merge the shards' : 'the part with the runners query model must merge the shards, not hand its runners over');
  }
  const own = shardFold.facts();
  const othersFacts = exchange.exchangeFacts(own);
  const everyShard = async () => [own, ...(await timed('save: waiting for the other shard', () => othersFacts))];
  if (exchange.role === 'handing-over') {
    await timed('save', async () => {
      // Its other models first: the other thread's facts come when its fold ends.
      await saveChanges(targets.models, folded, checkpoint);
      shardFold.numberAcross(await everyShard());
      await saveWhenFree(targets.runners, [{ projection: 'runners', changes: shardFold.takeRunnerChanges(), checkpoint }]);
    });
    exchange.handOver(shardFold.runners());
    return [...folded];
  }
  const models = await timed('save', async () => {
    const shards = await everyShard();
    shardFold.numberAcross(shards);
    const byName = new Map<string, Projection>([['runners', shardFold.projection]]);
    if (names.includes('status-history')) {
      const statusHistory = createRebuiltQueryModel('status-history') as StatusHistoryProjection;
      byName.set('status-history', statusHistoryFromShards(shards.map((shard) => shard.statusChanges), statusHistory));
    }
    const models = names.map((name) => byName.get(name) ?? folded.find((projection) => projection.name === name)!);
    await saveChanges(targets.models, models, checkpoint);
    return models;
  });
  const others = await timed('merge: waiting for the other runner shard', () => exchange.otherRunners);
  await timed('merge', async () => shardFold.mergeSaved(others));
  return models;
}

/** How long a part's save waits for the other part's where both write one generation file, the runners' (SQLite has one writer at a time). */
const SAVE_WAIT_MS = 15 * 60_000;

/** Saves, waiting while another thread of the replay holds the generation's write lock (SQLite answers SQLITE_BUSY once its own busy wait is over). */
async function saveWhenFree(target: QueryModelStore, entries: readonly ProjectionSave[]): Promise<void> {
  const deadline = Date.now() + SAVE_WAIT_MS;
  for (;;) {
    try {
      return await target.save(entries);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
