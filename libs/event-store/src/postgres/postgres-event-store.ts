import { randomUUID } from 'node:crypto';
import { DatabaseError, Pool, PoolClient } from 'pg';
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
import { AppendRequest, toAppendRequest } from '../sqlite/append-request';
import { WrittenBatch, appendBatch } from './append-batch';
import { AppendNotifications } from './append-notifications';
import { AsyncGroupCommitQueue, Outcome } from './async-group-commit-queue';
import { EVENT_STORE_COMPONENT, EVENT_STORE_MIGRATIONS } from './postgres-event-schema';
import { selectAll, selectHeadPosition, selectStream } from './postgres-event-rows';
import { runSchemaMigrations } from './schema-migrations';

export interface PostgresEventStoreOptions {
  /** e.g. postgres://user:password@host:5432/database */
  readonly connectionString: string;
  /** How often live subscriptions look for appends by other processes when no notification came. Default 100. */
  readonly pollIntervalMs?: number;
  /** Connections for reads and appends; subscriptions' LISTEN uses one more. Default 10. */
  readonly poolSize?: number;
}

export interface PostgresWriteStats {
  /** Append statements (one transaction each) sent by this instance, including one-by-one retries. */
  readonly transactions: number;
  /** Appends those transactions carried, successful or not. */
  readonly appends: number;
}

const DEFAULT_POLL_INTERVAL_MS = 100;
const DEFAULT_POOL_SIZE = 10;
/** Bounds one transaction: its statement size, and how long it holds the writers' lock. */
const MAX_APPENDS_PER_BATCH = 1000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * EventStore on PostgreSQL, shareable by any number of processes.
 *
 * Appends go through a group-commit queue: the appends waiting when it flushes are written by one
 * statement in one transaction (see postgres-event-schema.ts for how positions stay gapless and
 * commit in order). Promises resolve only after COMMIT. A conflicting append fails alone; if the
 * server refuses the statement as a whole (something no check foresaw), nothing of it was written
 * and its appends are retried one by one, so that only the culprit fails.
 */
export class PostgresEventStore implements EventStore {
  private readonly writerId = randomUUID();
  private readonly appendQueue = new AsyncGroupCommitQueue<AppendRequest, AppendResult>(
    (requests) => this.writeBatch(requests),
    MAX_APPENDS_PER_BATCH,
  );
  private readonly live: LiveSubscriptions;
  private readonly notifications: AppendNotifications;
  /** Pooled connections already switched to READ COMMITTED for appends. */
  private readonly writerConnections = new WeakSet<PoolClient>();
  private closing: Promise<void> | undefined;
  private transactions = 0;
  private appendsWritten = 0;

  /** Connects and brings the schema up to date; safe when several processes open at once. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      // Without it a server that stops answering would leave callers waiting for a connection forever.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle pooled connection that dies emits 'error'; unhandled, that would kill the process. The
    // pool drops it, and the next query opens a fresh one and reports any real outage to its caller.
    pool.on('error', () => undefined);
    try {
      await runSchemaMigrations(pool, EVENT_STORE_COMPONENT, EVENT_STORE_MIGRATIONS);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, options.connectionString, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  }

  private constructor(
    private readonly pool: Pool,
    connectionString: string,
    pollIntervalMs: number,
  ) {
    this.live = new LiveSubscriptions(pollIntervalMs);
    this.notifications = new AppendNotifications(connectionString, this.writerId, () => this.notifyAppended(undefined));
  }

  /** For tests and diagnostics: how well group commit is batching. */
  get writeStats(): PostgresWriteStats {
    return { transactions: this.transactions, appends: this.appendsWritten };
  }

  async appendToStream(streamId: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const request = toAppendRequest(streamId, events, options?.expectedRevision ?? 'any', options?.maxCount);
    assertStorableText(request);
    return this.appendQueue.submit(request);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return selectStream(this.pool, streamId, options.fromRevision ?? 0, options.maxCount);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return selectAll(this.pool, options.after ?? 0, options.maxCount);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return selectHeadPosition(this.pool);
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    const readAfter = async (position: number, maxCount: number) => {
      // Listening before reading: whatever commits after this read is then notified.
      await this.notifications.start();
      return selectAll(this.pool, position, maxCount);
    };
    return this.live.subscribe(readAfter, options, handler);
  }

  /** Stops subscriptions, writes appends still queued, then disconnects. Calling it again is harmless. */
  flush(): Promise<void> {
    return this.appendQueue.drain();
  }

  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    await this.live.stopAll();
    await this.appendQueue.drain();
    await this.notifications.stop();
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('PostgresEventStore is closed');
  }

  private async writeBatch(requests: readonly AppendRequest[]): Promise<Array<Outcome<AppendResult>>> {
    try {
      return await this.writeOneTransaction(requests);
    } catch (error) {
      // Only the server refusing the statement can be one append's fault. A lost connection fails
      // the batch: retrying hundreds of appends against a server that is gone would only delay the
      // callers, who may retry themselves (idempotently) once it is back.
      if (requests.length === 1 || !(error instanceof DatabaseError)) throw error;
    }
    const outcomes: Array<Outcome<AppendResult>> = [];
    for (const request of requests) {
      try {
        outcomes.push(...(await this.writeOneTransaction([request])));
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  private async writeOneTransaction(requests: readonly AppendRequest[]): Promise<Array<Outcome<AppendResult>>> {
    this.transactions += 1;
    this.appendsWritten += requests.length;
    const client = await this.pool.connect();
    let failed = false;
    let written: WrittenBatch;
    try {
      if (!this.writerConnections.has(client)) {
        // event_store_append_batch needs READ COMMITTED, whatever the database's default is.
        await client.query("SET default_transaction_isolation = 'read committed'");
        this.writerConnections.add(client);
      }
      written = await appendBatch(client, requests, this.writerId);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // After a failure the connection may be broken; a fresh one is cheap next to finding out.
      client.release(failed);
    }
    if (written.committed.length > 0) this.notifyAppended(written.committed);
    return written.outcomes;
  }

  private notifyAppended(committed: readonly RecordedEvent[] | undefined): void {
    this.live.notify(committed);
  }
}

/** PostgreSQL text cannot hold U+0000; failing here names the problem and keeps it out of the batch. */
function assertStorableText(request: AppendRequest): void {
  if (request.streamId.includes('\0')) throw new TypeError('streamId must not contain U+0000');
  for (const event of request.events) {
    if (event.id.includes('\0') || event.type.includes('\0')) throw new TypeError(`Event ${event.id}: id and type must not contain U+0000`);
  }
}
