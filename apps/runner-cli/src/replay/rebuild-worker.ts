import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { loadConfig } from '@app/config/app-config';
import { openQueryModelGenerations } from '../../../runner-registry/src/kernel/query-model-generations';
import { openEventStore } from '../../../runner-registry/src/kernel/store-factory';
import type { FoldedRunners, RunnerShardFacts } from '@app/projections';
import type { HandingOverShards } from './shard-exchange';
import { rebuildPartWith, type PartRequest, type PartResult, type PartRunner } from './rebuild-part';
import { logReaderFactory } from './sqlite-log-reader';
import { REPLAY_WORKER_YOUNG_GENERATION_MB } from './replay-v8-flags';

/**
 * A part of a replay in a worker thread: folding the log is CPU-bound and single-threaded (reading
 * and parsing millions of events, then applying them), so the runners query model (most of the
 * work) is folded in the CLI's main thread while this one folds the others on the second core; on
 * the embedded log this one also folds a shard of the runners, saves it and then sends it to the
 * main thread, to be merged there for the comparison (see shard-exchange.ts). The worker opens its
 * own connections to the same log and query models (from the same environment), and writes only
 * its own projections (and its runners) into the generation the main thread created.
 */
interface WorkerInput {
  readonly env: Record<string, string | undefined>;
  readonly request: PartRequest;
}

type WorkerOutput = { ok: true; result: PartResult } | { ok: false; error: string };
/** From the worker: its shard's facts once folded, its runners once saved, then its output. */
type WorkerMessage = { kind: 'shard-facts'; facts: RunnerShardFacts } | { kind: 'runner-shard'; runners: FoldedRunners } | { kind: 'done'; output: WorkerOutput };
/** To the worker: the main thread's shards' facts, or why they will not come. */
type MainMessage = { kind: 'shard-facts'; facts: RunnerShardFacts[] } | { kind: 'shard-facts-failed'; error: string };

/** The compiled worker beside this file; absent when running from TypeScript sources (ts-jest), which then runs every part in one thread. */
export function workerPartRunner(env: NodeJS.ProcessEnv): PartRunner | undefined {
  const file = join(__dirname, 'rebuild-worker.js');
  if (!existsSync(file)) return undefined;
  return (request, shards) =>
    new Promise<PartResult>((resolve, reject) => {
      const input: WorkerInput = { env: { ...env }, request };
      // As the CLI's own heap (REPLAY_YOUNG_GENERATION_FLAGS): room for short-lived parsed events.
      const worker = new Worker(file, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: REPLAY_WORKER_YOUNG_GENERATION_MB } });
      let settled = false;
      const tell = (message: MainMessage) => worker.postMessage(message);
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'shard-facts') {
          shards?.exchangeFacts(message.facts).then(
            (facts) => tell({ kind: 'shard-facts', facts }),
            (error: Error) => tell({ kind: 'shard-facts-failed', error: error.message }),
          );
          return;
        }
        if (message.kind === 'runner-shard') return shards?.handOver(message.runners);
        settled = true;
        if (message.output.ok) resolve(message.output.result);
        else reject(new Error(`rebuild worker: ${message.output.error}`));
      });
      worker.once('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`rebuild worker exited with code ${code} before answering`));
      });
    });
}

/** The worker's end of the exchange: messages to the main thread, whose answer comes on `port`. */
function exchangeThrough(port: MessagePort, send: (message: WorkerMessage) => void): HandingOverShards {
  return {
    role: 'handing-over',
    exchangeFacts: (facts) =>
      new Promise((resolve, reject) => {
        port.once('message', (message: MainMessage) => (message.kind === 'shard-facts' ? resolve(message.facts) : reject(new Error(`the main thread's part failed: ${message.error}`))));
        send({ kind: 'shard-facts', facts });
      }),
    handOver: (runners) => send({ kind: 'runner-shard', runners }),
  };
}

async function runInWorker(input: WorkerInput, send: (message: WorkerMessage) => void, shards: HandingOverShards): Promise<WorkerOutput> {
  const config = loadConfig(input.env);
  const store = await openEventStore(config);
  try {
    const generations = await openQueryModelGenerations(config);
    try {
      return {
        ok: true,
        result: await rebuildPartWith(logReaderFactory(config), store, generations, input.request, { shards }),
      };
    } finally {
      await generations.close();
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    await store.close();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const send = (message: WorkerMessage) => port.postMessage(message);
  void runInWorker(workerData as WorkerInput, send, exchangeThrough(port, send)).then((output) => send({ kind: 'done', output }));
}
