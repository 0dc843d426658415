import type { EventStore } from '@app/event-store';
import type { FoldedRunnerShard, QueryModelGenerations, RunnerShard } from '@app/projections';
import { QUERY_MODEL_NAMES } from '../../../runner-registry/src/kernel/query-model-generations';
import { rebuildPartWith, type Comparison, type PartRequest, type PartResult, type PartRunner, type ProjectionSummary, type ReplayUntil } from './rebuild-part';
import type { LogReaderFactory } from './sqlite-log-reader';

/**
 * `replay`: rebuilds query models from position 0 into a NEW generation (a fresh SQLite file, or
 * PostgreSQL schema), compares them with the live ones at the same checkpoint, prints a checksum of
 * each, and promotes the new generation: running services swap it in (GenerationFollower), a stopped
 * one starts from it. The live generation is only ever read here, and a promoted generation is
 * never written again by the CLI: one writer per generation.
 *
 * With --until the rebuild is the state at a point in the past: checksums only, never promoted.
 */

export type { ReplayUntil };

export interface ReplayOptions {
  readonly until: ReplayUntil;
  /** false: rebuild and compare, leave the live models as they are. */
  readonly swap: boolean;
  /** Query models to rebuild; null for all. */
  readonly projections: readonly string[] | null;
  /** Told how far the fold in this thread got, against the head it folds to. */
  readonly onProgress?: (position: number, head: number) => void;
}

export interface ReplayIo {
  out(line: string): Promise<void>;
  err(text: string): void;
}

export interface ReplayResult {
  readonly generation: number;
  readonly summaries: ProjectionSummary[];
  /** Empty with --until. */
  readonly comparisons: Comparison[];
  readonly promoted: boolean;
  /** Milliseconds per phase (the slowest part's), and `rebuild`: the slowest part's fold and save together; for the benchmark. */
  readonly timings: Readonly<Record<string, number>>;
  /** Each part's own timings, this thread's first: how evenly the two threads share the work. */
  readonly partTimings: readonly Readonly<Record<string, number>>[];
  /** What earlier promotions had superseded, removed before this rebuild (QueryModelGenerations.removeStale's descriptions). */
  readonly removed: readonly string[];
  /** Why that removal failed, if it did: the rebuild went on (a service or the next replay tries again). */
  readonly removalFailed?: string;
}

export { QUERY_MODEL_NAMES };

export class ReplayRefused extends Error {}

/**
 * How the runners are split between the two threads when their events are read from the embedded
 * log: this thread folds RUNNER_SHARE of every 16 runners, the worker the rest besides directory and
 * jobs (a fifth of the log, whose documents all stay in memory, so the worker collects more
 * garbage per event). Tuned with test/bench/replay-bench.ts at 10,000,000 events, by each thread's
 * fold and save (the worker saves directory, jobs; this thread merges and saves every runner): with
 * 13 of 16 this thread took 38.8 s and the worker 28.6 s; with 12, 36.6 s against 31.2 s; with 11,
 * 33.9-36.1 s against 28.3-31.4 s; with 10 this thread waited 4.3 s for the worker's shard (36.0 s).
 * Even when the worker is done first, this thread spends ~1.2 s taking its shard in (the message is
 * deserialized here) before merging (~1.9 s). Since each part saves before its comparison, the
 * worker is done seconds before this thread, but with 10 this thread waited 3.7-6.1 s for its shard
 * (two runs in a slow hour), no better than 11. Once each save serialized as it wrote (both saves
 * 30-50 % shorter), on another machine: with 11 this thread waited 4.6-12.9 s for the shard (47-48 s
 * in all), with 12 1.8-7.4 s (37-44 s), with 13 1.3 s, the worker then idle for ~10 s (40-44 s).
 */
const RUNNER_SHARE = 12;
const RUNNER_SHARDS: readonly [RunnerShard, RunnerShard] = [
  { modulus: 16, residues: Array.from({ length: RUNNER_SHARE }, (_, i) => i) },
  { modulus: 16, residues: Array.from({ length: 16 - RUNNER_SHARE }, (_, i) => RUNNER_SHARE + i) },
];

/**
 * The work of `replay`, without printing: one rebuild at a time (the generations' rebuild lock), one
 * new generation, then its promotion. The query models are rebuilt in parts: runners here and the
 * others through `runPart` (a worker thread, so the two folds use two cores), each part folding the
 * log, comparing with the live models and saving into the generation (see rebuild-part.ts). When each
 * thread reads its own streams of the embedded log (`openReader`), the runners, most of the log, are
 * folded in two shards, one per thread, and merged here.
 */
export async function rebuildQueryModels(
  store: EventStore,
  generations: QueryModelGenerations,
  options: ReplayOptions,
  runPart?: PartRunner,
  openReader?: LogReaderFactory,
): Promise<ReplayResult> {
  const names = options.projections ?? QUERY_MODEL_NAMES;
  const release = await generations.tryLockRebuild();
  if (!release) throw new ReplayRefused('another replay is running against these query models');
  try {
    const cleanup = await removeSuperseded(generations);
    const head = await store.headPosition();
    const generation = await generations.create();
    // The status history reads the runner streams too (all of them: its counts are the whole fleet's), so it is folded beside the runners.
    const here = runPart ? names.filter((name) => name === 'runners' || name === 'status-history') : names;
    const elsewhere = names.filter((name) => !here.includes(name));
    // A point-in-time rebuild reads the whole log in one order (see rebuild-part.ts): no shards then.
    const sharded = runPart !== undefined && openReader !== undefined && options.until === null && here.includes('runners');
    const request = (names: readonly string[], runnerShard?: RunnerShard): PartRequest => ({ generation, names, head, until: options.until, runnerShard });
    let worker: Promise<PartResult | undefined> = Promise.resolve(undefined);
    let otherRunnerShards: Promise<FoldedRunnerShard[]> | undefined;
    if (sharded) {
      otherRunnerShards = new Promise<FoldedRunnerShard[]>((resolve, reject) => {
        worker = runPart(request(elsewhere, RUNNER_SHARDS[1]), (shard) => resolve([shard]));
        worker.then(() => reject(new Error('the rebuild worker finished without its runner shard')), reject);
      });
      // A failed worker fails the replay through `worker`; this thread may not be waiting for its shard yet.
      otherRunnerShards.catch(() => undefined);
    } else if (elsewhere.length > 0 && runPart) {
      worker = runPart(request(elsewhere));
    }
    const parts = await Promise.all([
      here.length > 0
        ? rebuildPartWith(openReader, store, generations, request(here, sharded ? RUNNER_SHARDS[0] : undefined), { onProgress: options.onProgress, otherRunnerShards })
        : undefined,
      worker,
    ]);
    const done = parts.filter((part): part is PartResult => part !== undefined);
    const inOrder = <T extends { projection: string }>(rows: T[]) => names.flatMap((name) => rows.filter((row) => row.projection === name));
    const timings: Record<string, number> = {};
    // Parts run side by side: a phase took as long as its slowest part.
    for (const part of done) for (const [phase, ms] of Object.entries(part.timings)) timings[phase] = Math.max(timings[phase] ?? 0, ms);
    // A part saves right after its own fold (its comparison comes after), so the rebuild took as
    // long as the slowest part's fold and save: the sum of the phases' maxima would add one part's
    // fold to the other's save, though the thread that folds longer is not the one that saves longer.
    timings.rebuild = Math.max(0, ...done.map((part) => (part.timings.fold ?? 0) + (part.timings.save ?? 0)));
    // The last write to the new generation came before this: from here on only services write it.
    const promoted = options.until === null && options.swap;
    const started = performance.now();
    if (promoted) await generations.promote(names, generation);
    timings.promote = performance.now() - started;
    return {
      generation,
      summaries: inOrder(done.flatMap((part) => part.summaries)),
      comparisons: inOrder(done.flatMap((part) => part.comparisons)),
      promoted,
      timings,
      partTimings: done.map((part) => part.timings),
      ...cleanup,
    };
  } finally {
    await release();
  }
}

/**
 * What earlier replays superseded while no service ran to remove it (a service removes what it
 * swapped away from): each generation is the size of the models, ~1 GB at 10,000,000 events, so
 * replays must not pile them up. Removed before a replay writes another beside them; what a replay
 * supersedes stays until a service has swapped away from it, or the next replay. A failure is
 * reported, not fatal: the rebuild does not depend on it.
 */
async function removeSuperseded(generations: QueryModelGenerations): Promise<Pick<ReplayResult, 'removed' | 'removalFailed'>> {
  try {
    return { removed: await generations.removeStale(QUERY_MODEL_NAMES) };
  } catch (error) {
    return { removed: [], removalFailed: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs `replay`; returns the exit code: 0 done (and the live models equalled the rebuild), 1 a
 * checksum differed (with the swap, the rebuild replaced them) or the replay failed.
 */
export async function replay(
  openStore: () => Promise<EventStore>,
  openGenerations: () => Promise<QueryModelGenerations>,
  options: ReplayOptions,
  io: ReplayIo,
  runPart?: PartRunner,
  openReader?: LogReaderFactory,
): Promise<number> {
  const store = await openStore();
  let generations: QueryModelGenerations | undefined;
  let result: ReplayResult;
  let location: string;
  try {
    generations = await openGenerations();
    result = await rebuildQueryModels(store, generations, options, runPart, openReader);
    location = generations.describe(result.generation);
  } catch (error) {
    if (!(error instanceof ReplayRefused)) throw error;
    io.err(`runner-cli: ${error.message}\n`);
    return 1;
  } finally {
    await store.close();
    await generations?.close();
  }
  if (result.removed.length > 0) io.err(`runner-cli: removed query models no longer served: ${result.removed.join(', ')}\n`);
  if (result.removalFailed !== undefined) io.err(`runner-cli: removing query models no longer served failed (a service or the next replay tries again): ${result.removalFailed}\n`);
  for (const summary of result.summaries) await io.out(JSON.stringify(summary));
  for (const comparison of result.comparisons) await io.out(JSON.stringify(comparison));
  const differ = result.comparisons.some((c) => !c.equal);
  if (result.promoted) {
    io.err(
      `runner-cli: generation ${result.generation} (${location}) promoted: a running service swaps it in within seconds, ` +
        `a stopped one starts from it; the previous generation is removed after the swap, or by the next replay\n`,
    );
  } else {
    io.err(`runner-cli: rebuilt query models kept in generation ${result.generation} (${location}); not swapped in (removed after the next swap)\n`);
  }
  if (differ) {
    const names = result.comparisons.filter((c) => !c.equal).map((c) => c.projection);
    io.err(`runner-cli: the live ${names.join(', ')} differed from the log${result.promoted ? ' and were replaced by the rebuild' : ''}\n`);
  }
  return differ ? 1 : 0;
}
