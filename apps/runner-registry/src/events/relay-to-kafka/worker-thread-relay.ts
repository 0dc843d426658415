import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AppConfig } from '@app/config/app-config';
import type { RelayNews, RelayRunner } from './in-thread-relay';
import type { RelayWorkerInput, ServiceLoopReport } from './relay-worker';

const MAX_RESTART_BACKOFF_MS = 30_000;
/**
 * How long a stop waits for the worker to finish its batch in flight before ending the thread: a
 * send to a hung broker only gives up after kafkajs's request timeout (30 s) and its retries, and a
 * shutdown must stay bounded. Ending it there loses nothing: an unacknowledged batch was never
 * checkpointed, so the next start sends it again.
 */
const STOP_TIMEOUT_MS = 10_000;
/** How often the worker is told how late this thread's event loop ran (ServiceLoopPacer), and the monitor's resolution. */
const LOOP_REPORT_INTERVAL_MS = 100;
const LOOP_DELAY_RESOLUTION_MS = 10;

/**
 * The relay in a worker thread (relay-worker.ts): a catch-up after a broker outage reads, encodes
 * and sends tens of thousands of events, and kafkajs encodes each produce request synchronously (CRC
 * included, ~40 ms for 256 kB); on the service's event loop that held API requests up for as long.
 * The worker has its own event loop, heap (and garbage collector) and connections; only RelayNews
 * crosses over. A worker that dies is started again, with backoff, and resumes from its checkpoint.
 *
 * Undefined where there is no compiled worker (running from TypeScript sources, as under ts-jest):
 * the service then relays in its own thread (InThreadRelay).
 */
export function relayInWorkerThread(config: AppConfig, tell: (news: RelayNews) => void): RelayRunner | undefined {
  const file = join(__dirname, 'relay-worker.js');
  if (!existsSync(file)) return undefined;
  return new WorkerThreadRelay(file, config, tell);
}

class WorkerThreadRelay implements RelayRunner {
  private worker: Worker | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  private loopReports: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly config: AppConfig,
    private readonly tell: (news: RelayNews) => void,
  ) {}

  start(): void {
    this.stopping = false;
    if (!this.worker) this.spawn();
    if (!this.loopReports) this.reportLoopDelay();
  }

  /** The worker finishes its batch in flight, saves the checkpoint, releases the lease, closes its connections, and exits (within STOP_TIMEOUT_MS). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.loopReports);
    this.loopReports = undefined;
    this.loopDelay.disable();
    const worker = this.worker;
    if (!worker) return;
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS)));
    if ((await Promise.race([exited, timedOut])) === true) {
      this.tell({ kind: 'log', level: 'warn', message: `relay worker still busy ${STOP_TIMEOUT_MS} ms after stop; ended it (its batch in flight will be sent again)` });
      await worker.terminate();
    }
    clearTimeout(timer);
  }

  /** The worst delay of this thread's event loop since the last report, to the worker: it gives way while requests wait. */
  private reportLoopDelay(): void {
    this.loopDelay.enable();
    this.loopReports = setInterval(() => {
      // The histogram counts from the timer's due time; only lateness beyond its own resolution says the loop was held up.
      const ms = Math.max(0, this.loopDelay.max / 1e6 - LOOP_DELAY_RESOLUTION_MS);
      this.loopDelay.reset();
      this.worker?.postMessage({ kind: 'loop-delay', ms } satisfies ServiceLoopReport);
    }, LOOP_REPORT_INTERVAL_MS);
    this.loopReports.unref();
  }

  private spawn(): void {
    const input: RelayWorkerInput = { config: this.config };
    const worker = new Worker(this.file, { workerData: input });
    this.worker = worker;
    this.tell({ kind: 'log', level: 'log', message: `relay started in worker thread ${worker.threadId}` });
    worker.on('message', (news: RelayNews) => {
      if (news.kind === 'position' && news.events > 0) this.failures = 0;
      this.tell(news);
    });
    worker.on('error', (error) => this.tell({ kind: 'log', level: 'error', message: `relay worker crashed: ${error.stack ?? error.message}` }));
    worker.on('exit', (code) => {
      this.worker = undefined;
      // Whatever it held died with it: the lease (its connection) and so the leadership.
      this.tell({ kind: 'leadership', held: false });
      if (this.stopping) return;
      const backoffMs = Math.min(MAX_RESTART_BACKOFF_MS, 1_000 * 2 ** this.failures++);
      this.tell({ kind: 'log', level: 'error', message: `relay worker exited with code ${code}; starting it again in ${backoffMs} ms` });
      this.restartTimer = setTimeout(() => this.spawn(), backoffMs);
    });
  }
}
