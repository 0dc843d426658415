import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for a replay, whose two threads (see rebuild-worker.ts) parse the whole log into
 * short-lived objects and keep the machine's cores busy:
 * - 64 MB semi-spaces (V8's default is 16) let most of those objects die young without being
 *   copied, ~10-15 % off a 1,000,000-event replay. Set at run time, before the heap fills.
 * - On a machine with no more than two cores, V8's parallel and concurrent collector threads only
 *   take turns with the replay's two, and each pause waits for its helpers: collecting in the
 *   allocating thread (`--single-threaded-gc`) took the merge of a 10,000,000-event replay's runner
 *   shards, all allocation, from 8.7 s to 2.1 s, and its fold from 81 s to 46 s
 *   (test/bench/replay-bench.ts; on a shared machine whose load moved too). V8 takes that flag only
 *   at start (turning concurrent marking off later aborts the process), so the CLI starts itself
 *   again with it.
 */
export const REPLAY_SEMI_SPACE_FLAG = '--max-semi-space-size=64';
export const SINGLE_THREADED_GC_FLAG = '--single-threaded-gc';

export function applyReplayHeapFlags(): void {
  setFlagsFromString(REPLAY_SEMI_SPACE_FLAG);
}

/** Whether a replay here should collect in its own threads: two cores or fewer, and not so already. */
export function wantsSingleThreadedGc(cores = availableParallelism(), execArgv: readonly string[] = process.execArgv): boolean {
  return cores <= 2 && !execArgv.includes(SINGLE_THREADED_GC_FLAG);
}

/** Runs this script again with the single-threaded collector, its output passed through; returns its exit code. */
export function rerunWithSingleThreadedGc(script: string, args: readonly string[]): number {
  const child = spawnSync(process.execPath, [...process.execArgv, SINGLE_THREADED_GC_FLAG, script, ...args], { stdio: 'inherit' });
  if (child.error) throw child.error;
  return child.status ?? 1;
}
