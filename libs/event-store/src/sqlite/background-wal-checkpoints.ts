import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface BackgroundWalCheckpointOptions {
  /** The database file whose WAL is checkpointed. */
  readonly file: string;
  /** How often the worker looks for WAL frames to copy back. */
  readonly intervalMs: number;
}

/**
 * The worker's whole program, as plain JavaScript so the same code runs in a real thread under ts-jest
 * and from dist (there is no compiled file to point a Worker at when running from sources).
 *
 * PASSIVE never takes the write lock, so the writing thread never waits for it. A commit landing
 * during a checkpoint leaves a tail, so each tick repeats the checkpoint on that (ever smaller) tail
 * until nothing is left, or the tail stops shrinking (a reader holding an old snapshot, which only
 * time resolves).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
const MAX_ROUNDS = 8;
function checkpoint() {
  let left = Infinity;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    const remaining = result.log - result.checkpointed;
    if (result.busy || remaining <= 0 || remaining >= left) return;
    left = remaining;
  }
}
const timer = setInterval(() => {
  try {
    checkpoint();
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Copies the WAL of an SQLite file back into the database from a worker thread, so that the thread
 * that writes (the service's event loop) does not: SQLite's automatic checkpoint runs inside the
 * commit that crosses 1,000 pages, copying and syncing megabytes while the loop waits (tens of
 * milliseconds under sustained writes). The writer keeps a far higher automatic threshold, which
 * is what restarts the WAL (see WAL_PAGES_BEFORE_FOREGROUND_CHECKPOINT); by then the worker has
 * copied all but the last interval's commits.
 */
export class BackgroundWalCheckpoints {
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;

  constructor(options: BackgroundWalCheckpointOptions, onError: (message: string) => void = () => undefined) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: options.file, intervalMs: options.intervalMs },
    });
    this.exited = once(this.worker, 'exit').catch(() => undefined);
    this.worker.on('message', (message: { kind: 'error'; message: string }) => onError(message.message));
    this.worker.on('error', (error) => onError(error.message));
    // Never what keeps a process alive; the store stops it on close.
    this.worker.unref();
  }

  /** Resolves once the worker closed its connection. */
  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    await this.exited;
  }
}
