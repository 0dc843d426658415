import type Database from 'better-sqlite3';
import { RecordedEvent } from '../event-store.port';

/** Column order of every event SELECT; statements run in raw mode because arrays are cheaper than objects. */
export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

export type EventRow = [
  position: number,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row[2],
    revision: row[3],
    position: row[0],
    id: row[1],
    type: row[4],
    data: JSON.parse(row[5]),
    metadata: JSON.parse(row[6]),
    recordedAt: row[7],
  };
}

export function readEvents(statement: Database.Statement, ...params: unknown[]): RecordedEvent[] {
  const rows = statement.all(...params) as EventRow[];
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = toRecordedEvent(rows[i]);
  return events;
}
