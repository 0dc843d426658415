import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `position` is the rowid, so global order costs no extra index. AUTOINCREMENT guarantees a position
 * is never handed out twice, even if the newest row were ever deleted by hand.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT    NOT NULL UNIQUE,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
`;

/**
 * NORMAL: in WAL mode a committed append survives a crash or kill -9 of the process; only an OS
 * crash or power loss can lose the newest commits. FULL also syncs the WAL on every commit, which
 * survives those too, at the cost of one fsync per group commit.
 */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

export function openSqliteDatabase(file: string, busyTimeoutMs: number, synchronous: SqliteSynchronous = 'NORMAL'): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  // `timeout` is SQLite's busy_timeout: how long to wait for another process's write lock.
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    // WAL lets readers (and the other process's subscriptions) proceed during a write.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`SQLite refused WAL mode for ${file} (got ${String(mode)})`);
    db.pragma(`synchronous = ${synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
