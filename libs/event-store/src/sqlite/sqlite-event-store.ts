import type Database from 'better-sqlite3';
import { LiveSubscriptions } from '../live-subscriptions';
import {
  AppendOptions,
  AppendResult,
  BatchHandler,
  EventData,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { AppendRequest, toAppendRequest, withoutTruncated } from './append-request';
import { BackgroundWalCheckpoints } from './background-wal-checkpoints';
import { readEvents } from './event-rows';
import { GroupCommitQueue, Outcome } from './group-commit-queue';
import { openSqliteDatabase, type SqliteSynchronous } from './sqlite-database';
import { NO_LIMIT, SqliteStatements, prepareStatements } from './sqlite-statements';
import { writeAppend, type WrittenAppend } from './write-append';

export interface SqliteEventStoreOptions {
  /** Path of the database file; missing parent directories are created. */
  readonly file: string;
  /** How often live subscriptions look for appends made by other processes. Default 100. */
  readonly pollIntervalMs?: number;
  /** How long a write waits for another process holding the write lock. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Default NORMAL: durable against a process crash; FULL adds OS-crash and power-loss durability. */
  readonly synchronous?: SqliteSynchronous;
  /**
   * Who copies the WAL back into the database file: `auto` (default), SQLite itself inside the commit
   * that crosses 1,000 pages, on the appending thread; `background`, a worker thread of this store
   * (see BackgroundWalCheckpoints), for a process whose event loop must not stall on a commit (the
   * WAL then stays under about 16 MB).
   */
  readonly walCheckpoints?: 'auto' | 'background';
  /** With background checkpoints: how often the worker checkpoints. Default 50. */
  readonly walCheckpointIntervalMs?: number;
}

export interface SqliteWriteStats {
  /** Write transactions committed (or attempted) by this instance. */
  readonly transactions: number;
  /** Appends those transactions carried, successful or not. */
  readonly appends: number;
}

const DEFAULT_POLL_INTERVAL_MS = 100;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const DEFAULT_WAL_CHECKPOINT_INTERVAL_MS = 50;
/**
 * With background checkpoints, the appending connection still checkpoints once its WAL reaches this
 * many pages (16 MB; SQLite's own default is 1,000). SQLite restarts the WAL from its beginning only
 * when a commit starts after a checkpoint that copied everything, and under steady appends the
 * worker's checkpoints, from another thread, rarely achieve that (measured with better-sqlite3 12 /
 * SQLite 3.53: each reported everything copied, yet the next commits did not restart the WAL;
 * not understood). This threshold restarts it: the appending connection then copies only what the
 * worker has not yet (at most one interval of commits) and the next commit starts the WAL over.
 */
const WAL_PAGES_BEFORE_FOREGROUND_CHECKPOINT = 4096;
/** What a restarted WAL is truncated to, so a burst (or a reader that held checkpoints back) does not keep its disk space. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * EventStore on one SQLite file, shareable by several processes.
 *
 * Appends go through a group-commit queue: all appends waiting when the queue flushes are written in one
 * `BEGIN IMMEDIATE` transaction, each inside its own savepoint so a conflicting append fails alone.
 * Promises resolve only after COMMIT: in the WAL, and with synchronous=FULL also synced to disk.
 *
 * better-sqlite3 is synchronous, so each flush and each read blocks the event loop for its duration
 * (measured: under 1 ms for a lone append, ~5 ms for a batch of 100), and so does waiting for another
 * process's write lock (at most busyTimeoutMs; then the whole batch fails with SQLITE_BUSY). In
 * exchange there is no thread hop per call, and batches grow by themselves while a flush runs.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: SqliteStatements;
  private readonly appendQueue: GroupCommitQueue<AppendRequest, AppendResult>;
  private readonly writeInOneTransaction: Database.Transaction<
    (requests: readonly AppendRequest[], recordedAt: string) => Array<Outcome<WrittenAppend>>
  >;
  private readonly writeOneAppend: Database.Transaction<(request: AppendRequest, recordedAt: string) => WrittenAppend>;
  private readonly live: LiveSubscriptions;
  private closing: Promise<void> | undefined;
  private transactions = 0;
  private appendsWritten = 0;

  /** Synchronous: opening SQLite and creating the schema are synchronous in better-sqlite3. */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const db = openSqliteDatabase(options.file, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, options.synchronous);
    let checkpoints: BackgroundWalCheckpoints | undefined;
    if (options.walCheckpoints === 'background') {
      db.pragma(`wal_autocheckpoint = ${WAL_PAGES_BEFORE_FOREGROUND_CHECKPOINT}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      checkpoints = new BackgroundWalCheckpoints({ file: options.file, intervalMs: options.walCheckpointIntervalMs ?? DEFAULT_WAL_CHECKPOINT_INTERVAL_MS });
    }
    return new SqliteEventStore(db, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, checkpoints);
  }

  private constructor(
    private readonly db: Database.Database,
    pollIntervalMs: number,
    private readonly checkpoints: BackgroundWalCheckpoints | undefined,
  ) {
    this.live = new LiveSubscriptions(pollIntervalMs);
    this.statements = prepareStatements(db);
    this.writeInOneTransaction = db.transaction((requests: readonly AppendRequest[], recordedAt: string) =>
      requests.map((request) => this.writeInSavepoint(request, recordedAt)),
    );
    // Called inside writeInOneTransaction, better-sqlite3 runs this one as a SAVEPOINT.
    this.writeOneAppend = db.transaction((request: AppendRequest, recordedAt: string) =>
      writeAppend(this.statements, request, recordedAt),
    );
    this.appendQueue = new GroupCommitQueue((requests) => this.writeBatch(requests));
  }

  /** For tests and diagnostics: how well group commit is batching. */
  get writeStats(): SqliteWriteStats {
    return { transactions: this.transactions, appends: this.appendsWritten };
  }

  async appendToStream(streamId: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    return this.appendQueue.submit(toAppendRequest(streamId, events, options?.expectedRevision ?? 'any', options?.maxCount));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readEvents(this.statements.readStream, streamId, options.fromRevision ?? 0, options.maxCount ?? NO_LIMIT);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllNow(options.after ?? 0, options.maxCount ?? NO_LIMIT);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.statements.headPosition.get() as number;
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    return this.live.subscribe((position, maxCount) => this.readAllNow(position, maxCount), options, handler);
  }

  /** The queue writes synchronously: flushing it is the whole job. */
  async flush(): Promise<void> {
    if (!this.closing) this.appendQueue.flush();
  }

  /** Stops subscriptions, writes appends still queued, then closes the file. Calling it again is harmless. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    await this.live.stopAll();
    this.appendQueue.flush();
    await this.checkpoints?.stop();
    // The last connection to close checkpoints whatever is left and removes the WAL.
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('SqliteEventStore is closed');
  }

  private readAllNow(after: number, maxCount: number): RecordedEvent[] {
    return readEvents(this.statements.readAll, after, maxCount);
  }

  private writeBatch(requests: readonly AppendRequest[]): Array<Outcome<AppendResult>> {
    this.transactions += 1;
    this.appendsWritten += requests.length;
    const recordedAt = new Date().toISOString();
    const outcomes = this.writeInOneTransaction.immediate(requests, recordedAt);
    const committed = committedEvents(requests, outcomes, recordedAt);
    if (committed.length > 0) {
      this.live.notify(committed);
    }
    return outcomes.map((outcome) => (outcome.ok ? { ok: true, value: { nextExpectedRevision: outcome.value.nextExpectedRevision, position: outcome.value.position } } : outcome));
  }

  private writeInSavepoint(request: AppendRequest, recordedAt: string): Outcome<WrittenAppend> {
    try {
      return { ok: true, value: this.writeOneAppend(request, recordedAt) };
    } catch (error) {
      // Some errors (I/O, full disk) make SQLite roll back the whole transaction; carrying on would
      // write the remaining appends in autocommit mode, so fail the whole batch instead.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}

/**
 * The events a transaction made readable, in position order. This process is the only writer while
 * it holds the write lock, so one append's events sit at consecutive positions ending at its result
 * (truncation only ever deletes older events).
 */
function committedEvents(requests: readonly AppendRequest[], outcomes: readonly Outcome<WrittenAppend>[], recordedAt: string): RecordedEvent[] {
  const committed: RecordedEvent[] = [];
  requests.forEach((request, i) => {
    const outcome = outcomes[i];
    if (!outcome.ok || !outcome.value.wrote) return;
    const { position, nextExpectedRevision } = outcome.value;
    const count = request.events.length;
    request.events.forEach((event, j) => {
      committed.push({
        id: event.id,
        type: event.type,
        data: event.original.data,
        metadata: event.original.metadata ?? {},
        streamId: request.streamId,
        revision: nextExpectedRevision - count + 1 + j,
        position: position - count + 1 + j,
        recordedAt,
      });
    });
  });
  const written = requests.flatMap((request, i) => {
    const outcome = outcomes[i];
    return outcome.ok && outcome.value.wrote ? [{ streamId: request.streamId, maxCount: request.maxCount, revision: outcome.value.nextExpectedRevision }] : [];
  });
  return withoutTruncated(written, committed).sort((a, b) => a.position - b.position);
}
