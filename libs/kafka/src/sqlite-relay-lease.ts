import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RelayLease, RelayLeaseProvider } from './relay-lease';

/**
 * Lease and checkpoint in one SQLite file beside the embedded store (`DATA_DIR/kafka-relay.sqlite`).
 *
 * The holder keeps the file open in EXCLUSIVE locking mode, so the operating system's file lock is
 * the lease: any other process (or connection) gets SQLITE_BUSY until the holder closes it or dies,
 * and the kernel drops the lock of a dead process, kill -9 included. It can never be lost while held.
 */
export class SqliteRelayLeaseProvider implements RelayLeaseProvider {
  constructor(
    readonly file: string,
    private readonly topic: string,
  ) {}

  async tryAcquire(): Promise<RelayLease | undefined> {
    mkdirSync(dirname(this.file), { recursive: true });
    const db = new Database(this.file, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // A write takes the exclusive lock, which EXCLUSIVE mode then keeps until close.
      db.exec('BEGIN IMMEDIATE');
      db.exec('CREATE TABLE IF NOT EXISTS relay_checkpoints (topic TEXT PRIMARY KEY, position INTEGER NOT NULL, saved_at TEXT NOT NULL)');
      db.exec('COMMIT');
      // WAL with NORMAL: a save is a write to the log, with no fsync, because the relay saves after
      // every acknowledged batch on the event loop, and a rollback journal's fsyncs stalled the loop for
      // up to 140 ms per save on a busy disk while the relay caught up after an outage. A checkpoint
      // lost to a power cut only means duplicates. In EXCLUSIVE mode, WAL needs no shared memory.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return undefined;
      throw error;
    }
    const load = db.prepare<[string], { position: number }>('SELECT position FROM relay_checkpoints WHERE topic = ?');
    const save = db.prepare('INSERT INTO relay_checkpoints (topic, position, saved_at) VALUES (?, ?, ?) ON CONFLICT (topic) DO UPDATE SET position = excluded.position, saved_at = excluded.saved_at');
    const topic = this.topic;
    return {
      checkpoint: {
        load: async () => load.get(topic)?.position ?? 0,
        save: async (position) => void save.run(topic, position, new Date().toISOString()),
      },
      lost: new Promise<never>(() => undefined),
      release: async () => {
        if (db.open) db.close();
      },
    };
  }

  /** Only the holder can read the file, and it knows its own position: nothing to tell here. */
  async readCheckpoint(): Promise<number | undefined> {
    return undefined;
  }

  async close(): Promise<void> {}
}
