// First, as in main.ts: with OTEL_* set, the SDK must patch kafkajs and pg before they load, so the
// relay's produce spans still exist now that the relay runs in this thread.
import { stopTracing } from '../../kernel/tracing';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { AppConfig } from '@app/config/app-config';
import { openEventStore } from '../../kernel/store-factory';
import { InThreadRelay, type RelayNews } from './in-thread-relay';
import { lowerThisThreadPriority } from '@app/common/thread-priority';
import { LOOP_PACING_DEFAULTS, ServiceLoopPacer } from '@app/kafka';

/** What the service tells the worker besides 'stop': its event loop's worst delay over the last report interval. */
export interface ServiceLoopReport {
  readonly kind: 'loop-delay';
  readonly ms: number;
}

/** What the service hands the worker: its configuration (plain data). */
export interface RelayWorkerInput {
  readonly config: AppConfig;
}

/**
 * The service's own appends reach this thread's connection to the embedded log only when it polls
 * (PostgreSQL notifies every connection of a commit; EventStoreDB pushes). A poll that finds nothing
 * costs microseconds, and off the service's event loop.
 */
const SQLITE_POLL_INTERVAL_MS = 20;

/**
 * This thread's nice value: when a catch-up's reading and encoding (kafkajs encodes its produce
 * requests synchronously) compete with requests for a core, the requests win; with a core free the
 * relay runs at full speed.
 */
const RELAY_THREAD_NICENESS = 10;

/**
 * The relay's worker thread (see WorkerThreadRelay): its own connection to the log and to the
 * lease's database, its own Kafka producer, and the relay, told to stop by the message 'stop'.
 */
async function relayInThisThread(port: MessagePort, { config }: RelayWorkerInput): Promise<void> {
  const tell = (news: RelayNews) => port.postMessage(news);
  if (!lowerThisThreadPriority(RELAY_THREAD_NICENESS)) tell({ kind: 'log', level: 'log', message: 'relay thread runs at the service\'s priority (no per-thread priority here)' });
  let stopRequested = false;
  let stop: () => Promise<void> = async () => undefined;
  const { batchSize, catchUpPercent } = config.kafka.relay;
  const pacer = new ServiceLoopPacer({ ...LOOP_PACING_DEFAULTS, fullBatch: batchSize, catchUpShare: catchUpPercent / 100 });
  port.on('message', (message: 'stop' | ServiceLoopReport) => {
    if (typeof message === 'object' && message.kind === 'loop-delay') return pacer.report(message.ms);
    if (message !== 'stop' || stopRequested) return;
    stopRequested = true;
    void stop().then(
      () => process.exit(0),
      (error) => {
        tell({ kind: 'log', level: 'error', message: `relay worker stopped uncleanly: ${error instanceof Error ? error.message : String(error)}` });
        process.exit(1);
      },
    );
  });
  const embedded = !config.databaseUrl && !config.eventStoreConnectionString;
  const store = await openEventStore(config, embedded ? { pollIntervalMs: SQLITE_POLL_INTERVAL_MS } : {});
  const relay = new InThreadRelay(config, store, tell, pacer.beforeBatch);
  stop = async () => {
    await relay.stop();
    await store.close();
    await stopTracing();
  };
  if (stopRequested) return void stop().then(() => process.exit(0));
  relay.start();
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  relayInThisThread(port, workerData as RelayWorkerInput).catch((error) => {
    port.postMessage({ kind: 'log', level: 'error', message: `relay worker failed to start: ${error instanceof Error ? error.message : String(error)}` } satisfies RelayNews);
    process.exit(1);
  });
}
