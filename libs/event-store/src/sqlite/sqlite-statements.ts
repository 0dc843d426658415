import type Database from 'better-sqlite3';
import { EVENT_COLUMNS } from './event-rows';

/** SQLite reads "LIMIT -1" as "no limit". */
export const NO_LIMIT = -1;

export type StreamHeadRow = [revision: number, position: number];
export type EventLocationRow = [streamId: string, revision: number, position: number];
export type StreamSliceRow = [eventId: string, revision: number, position: number];

/** Every statement the store runs, prepared once per connection. */
export interface SqliteStatements {
  readonly streamHead: Database.Statement<[string]>;
  readonly eventLocation: Database.Statement<[string]>;
  readonly streamSlice: Database.Statement<[string, number, number]>;
  readonly insertEvent: Database.Statement<[string, string, number, string, string, string, string]>;
  /** Deletes a stream's events up to a revision (inclusive): truncation to its latest events. */
  readonly truncateStream: Database.Statement<[string, number]>;
  readonly readStream: Database.Statement<[string, number, number]>;
  readonly readAll: Database.Statement<[number, number]>;
  readonly headPosition: Database.Statement<[]>;
}

export function prepareStatements(db: Database.Database): SqliteStatements {
  const raw = <P extends unknown[]>(sql: string) => db.prepare<P>(sql).raw(true);
  return {
    streamHead: raw('SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
    eventLocation: raw('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
    streamSlice: raw(
      'SELECT event_id, revision, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    ),
    insertEvent: db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    truncateStream: db.prepare('DELETE FROM events WHERE stream_id = ? AND revision <= ?'),
    readStream: raw(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readAll: raw(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    headPosition: db.prepare<[]>('SELECT COALESCE(MAX(position), 0) FROM events').pluck(true),
  };
}
