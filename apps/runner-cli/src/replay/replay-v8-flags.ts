import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * V8 settings for a replay, whose two threads (see rebuild-worker.ts) parse the whole log into
 * short-lived objects and keep the machine's cores busy. V8 takes both only at start (its young
 * generation is sized when the heap is made, and turning concurrent marking off later aborts the
 * process), so the CLI starts itself again with them (rerunWithReplayFlags):
 * - a young generation of 64 MB semi-spaces from the start (V8's default grows from 1 MB to at most
 *   16): most parsed events then die young without being copied. Raising only the maximum at run
 *   time, as before, left V8 at its small default, since it grows the young generation only when
 *   much of it survives: at 1,000,000 events the main thread ran 307 scavenges for 3.6 s, against
 *   66 for 2.2 s from the start at 64 MB (the worker: 3.0 s against 2.2 s; test/bench/replay-bench.ts
 *   on a shared machine). 32 MB collected more, 128 MB no less.
 * - on a machine with no more than two cores, V8's parallel and concurrent collector threads only
 *   take turns with the replay's two, and each pause waits for its helpers: collecting in the
 *   allocating thread (`--single-threaded-gc`) took the merge of a 10,000,000-event replay's runner
 *   shards, all allocation, from 8.7 s to 2.1 s, and its fold from 81 s to 46 s.
 */
export const REPLAY_YOUNG_GENERATION_FLAGS = ['--min-semi-space-size=64', '--max-semi-space-size=64'] as const;
export const SINGLE_THREADED_GC_FLAG = '--single-threaded-gc';
/** The worker thread's young generation (its resource limit; three semi-spaces' worth), as the main thread's. */
export const REPLAY_WORKER_YOUNG_GENERATION_MB = 192;

/** The flags a replay's process starts with on a machine with `cores` cores. */
export function replayStartFlags(cores = availableParallelism()): string[] {
  return [...REPLAY_YOUNG_GENERATION_FLAGS, ...(cores <= 2 ? [SINGLE_THREADED_GC_FLAG] : [])];
}

/** Those of replayStartFlags this process was not started with: none, and it runs the replay as it is. */
export function missingReplayFlags(cores = availableParallelism(), execArgv: readonly string[] = process.execArgv): string[] {
  return replayStartFlags(cores).filter((flag) => !execArgv.includes(flag));
}

/** Runs this script again with the replay's flags, its output passed through; returns its exit code. */
export function rerunWithReplayFlags(script: string, args: readonly string[]): number {
  const child = spawnSync(process.execPath, [...process.execArgv, ...missingReplayFlags(), script, ...args], { stdio: 'inherit' });
  if (child.error) throw child.error;
  return child.status ?? 1;
}
