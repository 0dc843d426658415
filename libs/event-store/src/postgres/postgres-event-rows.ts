import type { Pool } from 'pg';
import { RecordedEvent } from '../event-store.port';

/**
 * Column order of every event SELECT; queries run in array row mode, which is cheaper than objects.
 * node-postgres parses `json` columns and returns TIMESTAMPTZ as a Date, BIGINT as a string.
 */
const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

type EventRow = [position: string, eventId: string, streamId: string, revision: number, type: string, data: unknown, metadata: Record<string, unknown>, recordedAt: Date];

/** Named statements are parsed and planned once per connection. */
const READ_ALL = {
  name: 'event_store_read_all',
  text: `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
};
const READ_STREAM = {
  name: 'event_store_read_stream',
  text: `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
};
const HEAD_POSITION = { name: 'event_store_head_position', text: 'SELECT COALESCE(MAX(position), 0) FROM events' };

/** `maxCount` undefined reads everything: PostgreSQL takes LIMIT NULL as no limit. */
export async function selectAll(pool: Pool, after: number, maxCount: number | undefined): Promise<RecordedEvent[]> {
  return select(pool, READ_ALL, [after, maxCount ?? null]);
}

export async function selectStream(pool: Pool, streamId: string, fromRevision: number, maxCount: number | undefined): Promise<RecordedEvent[]> {
  return select(pool, READ_STREAM, [streamId, fromRevision, maxCount ?? null]);
}

export async function selectHeadPosition(pool: Pool): Promise<number> {
  const { rows } = await pool.query<[string]>({ ...HEAD_POSITION, rowMode: 'array' });
  return Number(rows[0][0]);
}

async function select(pool: Pool, statement: { name: string; text: string }, values: unknown[]): Promise<RecordedEvent[]> {
  const { rows } = await pool.query<EventRow>({ ...statement, values, rowMode: 'array' });
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    events[i] = {
      streamId: row[2],
      revision: row[3],
      position: Number(row[0]),
      id: row[1],
      type: row[4],
      data: row[5],
      metadata: row[6],
      recordedAt: row[7].toISOString(),
    };
  }
  return events;
}
