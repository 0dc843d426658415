import Database from 'better-sqlite3';
import { JOB_STREAM_PREFIX, RUNNER_STREAM_PREFIX } from '@app/domain';
import type { EventStore, ReadAllOptions, RecordedEvent } from '@app/event-store';
import type { EventRow } from '@app/event-store/sqlite/event-rows';
import { eventsFile, type AppConfig } from '@app/config/app-config';
import { DOMAIN_UPCASTER_CHAIN } from '../../../runner-registry/src/kernel/domain-upcasting';

/** What a replay reads the log through: only `readAll` and `headPosition` are used. */
export type LogReader = Pick<EventStore, 'readAll' | 'headPosition'>;

/**
 * The streams each query model folds, as a condition on stream_id (a superset is always safe: a
 * projection ignores what is not its own). `+stream_id` keeps SQLite from using the stream index, so
 * the read stays a scan in position order that skips other rows before they are turned into
 * JavaScript values or parsed.
 */
const prefix = (p: string) => `(+stream_id >= '${p}' AND +stream_id < '${p.slice(0, -1)}${String.fromCharCode(p.charCodeAt(p.length - 1) + 1)}')`;
const STREAMS: Readonly<Record<string, string>> = {
  runners: prefix(RUNNER_STREAM_PREFIX),
  jobs: prefix(JOB_STREAM_PREFIX),
  directory: `NOT ${prefix(RUNNER_STREAM_PREFIX)} AND NOT ${prefix(JOB_STREAM_PREFIX)}`,
};

/**
 * The columns of event-rows.ts's EventRow, except that metadata is reduced to the one field a
 * replay needs: projections fold data only, and the upcasters read `schemaVersion`. Parsing the
 * whole metadata (actor, correlation ids, times) was a tenth of a replay's time. An event read here
 * therefore never leaves the replay: it carries `{ schemaVersion }` (or `{}`) as its metadata.
 */
const FOLD_COLUMNS = "position, event_id, stream_id, revision, type, data, json_extract(metadata, '$.schemaVersion'), recorded_at";

function toFoldedEvent(row: EventRow): RecordedEvent {
  const schemaVersion = row[6] as unknown;
  return {
    streamId: row[2],
    revision: row[3],
    position: row[0],
    id: row[1],
    type: row[4],
    data: JSON.parse(row[5]),
    metadata: schemaVersion === null ? {} : { schemaVersion },
    recordedAt: row[7],
  };
}

/**
 * The embedded log, read for a replay of some query models only: the rows of their streams, with
 * the metadata reduced as FOLD_COLUMNS says, through the domain upcasters, on a read-only connection.
 * Reading and parsing is most of a replay's time; a part that folds jobs and directory then skips
 * the 80 % of the log that is runners' heartbeats and changes, and the other way round.
 */
export class SqliteLogReader implements LogReader {
  private readonly db: Database.Database;
  private readonly select: Database.Statement;

  constructor(file: string, names: readonly string[]) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    const conditions = names.map((name) => STREAMS[name]);
    const where = conditions.some((c) => c === undefined) ? '' : ` AND (${conditions.map((c) => `(${c})`).join(' OR ')})`;
    this.select = this.db.prepare(`SELECT ${FOLD_COLUMNS} FROM events WHERE position > ?${where} ORDER BY position LIMIT ?`).raw(true);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = this.select.all(options.after ?? 0, options.maxCount ?? -1) as EventRow[];
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = toFoldedEvent(rows[i]);
    return DOMAIN_UPCASTER_CHAIN.upcastAll(events);
  }

  async headPosition(): Promise<number> {
    return this.db.prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck(true).get() as number;
  }

  close(): void {
    this.db.close();
  }
}

/** Opens a reader for some query models' streams, or undefined to read through the event store as it is. */
export type LogReaderFactory = (names: readonly string[]) => SqliteLogReader | undefined;

/** Only for the embedded log (no DATABASE_URL, no EVENTSTORE_CONNECTION_STRING). */
export function logReaderFactory(config: AppConfig): LogReaderFactory {
  if (config.databaseUrl || config.eventStoreConnectionString) return () => undefined;
  return (names) => new SqliteLogReader(eventsFile(config), names);
}
