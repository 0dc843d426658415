import type { EventStore } from '@app/event-store';
import type { QueryModelGenerations, RunnerShard } from '@app/projections';
import { QUERY_MODEL_NAMES } from '../../../runner-registry/src/kernel/query-model-generations';
import { rebuildPartWith, type Comparison, type PartRequest, type PartResult, type PartRunner, type ProjectionSummary, type ReplayUntil } from './rebuild-part';
import type { LogReaderFactory } from './sqlite-log-reader';
import { linkShards } from './shard-exchange';

/**
 * `replay`: rebuilds query models from position 0 into NEW generations (fresh SQLite files, or
 * PostgreSQL schemas: one per thread that saves), compares them with the live ones at the same
 * checkpoint, prints a checksum of each, and promotes the new generations in one step: running
 * services swap them in (GenerationFollower), a stopped one starts from them. The live generations
 * are only ever read here, and a promoted generation is never written again by the CLI.
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
  /** Where each rebuilt query model went: a generation per thread that saved (SQLite has one writer per file). */
  readonly generationOf: Readonly<Record<string, number>>;
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
 * garbage per event). Each thread saves its own runners (see shard-exchange.ts); this thread also
 * saves the status history, the worker directory and jobs. Tuned with test/bench/replay-bench.ts at
 * 10,000,000 events, by each thread's fold + save, alternating builds: with 12, this thread
 * 30.1 + 7.3 s and 31.4 + 6.3 s against the worker's 26.3 + 9.2 s and 27.6 + 8.5 s; with 11, the
 * worker took 33.9 + 11.5 s and 35.0 + 12.8 s. Three replays each, alternating: 11 took 39.0, 46.9
 * and 50.4 s (the worker last), 12 took 39.6, 43.5 and 44.6 s. (Before each thread saved its own runners, this
 * thread took in and merged the worker's shard before saving every runner, ~3 s more; 12 was the
 * balance then too: 11 and 13 measured 1-4 s worse.)
 */
const RUNNER_SHARE = 12;
const RUNNER_SHARDS: readonly [RunnerShard, RunnerShard] = [
  { modulus: 16, residues: Array.from({ length: RUNNER_SHARE }, (_, i) => i) },
  { modulus: 16, residues: Array.from({ length: 16 - RUNNER_SHARE }, (_, i) => RUNNER_SHARE + i) },
];

/**
 * The work of `replay`, without printing: one rebuild at a time (the generations' rebuild lock), new
 * generations, then their promotion. The query models are rebuilt in parts: runners here and the
 * others through `runPart` (a worker thread, so the two folds use two cores), each part folding the
 * log, comparing with the live models and saving into the generation (see rebuild-part.ts). When each
 * thread reads its own streams of the embedded log (`openReader`), the runners, most of the log, are
 * folded and saved in two shards, one per thread, and merged here for the comparison.
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
    // The status history reads the runner streams too (all of them: its counts are the whole fleet's), so it is folded beside the runners.
    const here = runPart ? names.filter((name) => name === 'runners' || name === 'status-history') : names;
    const elsewhere = names.filter((name) => !here.includes(name));
    // Each thread saves into a generation of its own: on SQLite, where a file has one writer at a
    // time, the two saves then run side by side instead of taking turns (only the worker's runner
    // shard still goes into this thread's generation, with the runners).
    const generation = await generations.create();
    const elsewhereGeneration = here.length > 0 && elsewhere.length > 0 ? await generations.create() : generation;
    // A point-in-time rebuild reads the whole log in one order (see rebuild-part.ts): no shards then.
    const sharded = runPart !== undefined && openReader !== undefined && options.until === null && here.includes('runners');
    const request = (names: readonly string[], runnerShard?: RunnerShard): PartRequest => ({ generation, names, head, until: options.until, runnerShard });
    const elsewhereRequest = (runnerShard?: RunnerShard): PartRequest => ({
      ...request(elsewhere, runnerShard),
      generation: elsewhereGeneration,
      ...(runnerShard ? { runnersGeneration: generation } : {}),
    });
    let worker: Promise<PartResult | undefined> = Promise.resolve(undefined);
    const shards = sharded ? linkShards() : undefined;
    if (shards && runPart) {
      worker = runPart(elsewhereRequest(RUNNER_SHARDS[1]), shards.other);
      // A worker that failed, or finished without its runners, fails this thread's wait for them instead of leaving it waiting.
      worker.then(
        () => shards.ended('other', new Error('the rebuild worker finished without its runner shard')),
        (error: Error) => shards.ended('other', error),
      );
    } else if (elsewhere.length > 0 && runPart) {
      worker = runPart(elsewhereRequest());
    }
    const thisThread =
      here.length > 0
        ? rebuildPartWith(openReader, store, generations, request(here, sharded ? RUNNER_SHARDS[0] : undefined), { onProgress: options.onProgress, shards: shards?.merging })
        : Promise.resolve(undefined);
    // And the other way round: a worker waiting for this thread's facts fails with it.
    thisThread.catch((error: Error) => shards?.ended('merging', error));
    const parts = await Promise.all([thisThread, worker]);
    const done = parts.filter((part): part is PartResult => part !== undefined);
    const inOrder = <T extends { projection: string }>(rows: T[]) => names.flatMap((name) => rows.filter((row) => row.projection === name));
    const timings: Record<string, number> = {};
    // Parts run side by side: a phase took as long as its slowest part.
    for (const part of done) for (const [phase, ms] of Object.entries(part.timings)) timings[phase] = Math.max(timings[phase] ?? 0, ms);
    // A part saves right after its own fold (its comparison comes after), so the rebuild took as
    // long as the slowest part's fold and save: the sum of the phases' maxima would add one part's
    // fold to the other's save, though the thread that folds longer is not the one that saves longer.
    timings.rebuild = Math.max(0, ...done.map((part) => (part.timings.fold ?? 0) + (part.timings.save ?? 0)));
    // The last write to the new generations came before this: from here on only services write them.
    const generationOf = new Map(names.map((name) => [name, here.includes(name) ? generation : elsewhereGeneration]));
    const promoted = options.until === null && options.swap;
    const started = performance.now();
    if (promoted) await generations.promote(generationOf);
    timings.promote = performance.now() - started;
    return {
      generationOf: Object.fromEntries(generationOf),
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
  let where: string;
  try {
    generations = await openGenerations();
    result = await rebuildQueryModels(store, generations, options, runPart, openReader);
    where = describeGenerations(result.generationOf, generations);
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
      `runner-cli: ${where} promoted: a running service swaps the rebuilt models in within seconds, ` +
        `a stopped one starts from them; what they replace is removed after the swap, or by the next replay\n`,
    );
  } else {
    io.err(`runner-cli: rebuilt query models kept in ${where}; not swapped in (removed after the next swap)\n`);
  }
  if (differ) {
    const names = result.comparisons.filter((c) => !c.equal).map((c) => c.projection);
    io.err(`runner-cli: the live ${names.join(', ')} differed from the log${result.promoted ? ' and were replaced by the rebuild' : ''}\n`);
  }
  return differ ? 1 : 0;
}

/** "generation 7 (…g7.sqlite: runners, status-history) and generation 8 (…g8.sqlite: directory, jobs)", for people. */
function describeGenerations(generationOf: Readonly<Record<string, number>>, generations: QueryModelGenerations): string {
  const byGeneration = new Map<number, string[]>();
  for (const [name, generation] of Object.entries(generationOf)) byGeneration.set(generation, [...(byGeneration.get(generation) ?? []), name]);
  const single = byGeneration.size === 1;
  return [...byGeneration]
    .sort(([a], [b]) => a - b)
    .map(([generation, names]) => `generation ${generation} (${generations.describe(generation)}${single ? '' : `: ${names.join(', ')}`})`)
    .join(' and ');
}
