import Database from 'better-sqlite3';
import { EVENT_SCHEMA_VERSIONS, JOB_STREAM_PREFIX, RUNNER_CONTACT_STREAM_PREFIX, RUNNER_STREAM_PREFIX } from '@app/domain';
import type { EventStore, ReadAllOptions, RecordedEvent } from '@app/event-store';
import type { RunnerShard } from '@app/projections';
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
  // Facts of the runner streams only: routine contacts change no count.
  'status-history': `${prefix(RUNNER_STREAM_PREFIX)} AND NOT ${prefix(RUNNER_CONTACT_STREAM_PREFIX)}`,
};

/** The runner id in runner-<id> and runner-contact-<id>-<digest> (CAST reads the leading digits). */
const RUNNER_ID_OF_STREAM =
  `CAST(substr(stream_id, CASE WHEN substr(stream_id, 1, ${RUNNER_CONTACT_STREAM_PREFIX.length}) = '${RUNNER_CONTACT_STREAM_PREFIX}' ` +
  `THEN ${RUNNER_CONTACT_STREAM_PREFIX.length + 1} ELSE ${RUNNER_STREAM_PREFIX.length + 1} END) AS INTEGER)`;

/**
 * The streams of one shard of the runners (RunnerShardFold also skips other runners' events, whatever
 * the read lets through). Residues in one run are a range: SQLite looks each row's residue up in a
 * list IN (…) through a temporary index, which cost 0.7 s of each thread's scan at 10,000,000 events
 * (4.4 s against 3.65 s of CPU for the condition alone).
 */
const runnerShardStreams = (shard: RunnerShard) => `(${STREAMS.runners} AND ${RUNNER_ID_OF_STREAM} % ${shard.modulus} ${residueCondition(shard.residues)})`;

function residueCondition(residues: readonly number[]): string {
  const sorted = [...new Set(residues)].sort((a, b) => a - b);
  const contiguous = sorted.length > 0 && sorted[sorted.length - 1] - sorted[0] === sorted.length - 1;
  return contiguous ? `BETWEEN ${sorted[0]} AND ${sorted[sorted.length - 1]}` : `IN (${sorted.join(', ')})`;
}

/** The condition on the rows a part folds: its query models' streams, the runners' restricted to `runnerShard` when given. */
function streamsOf(names: readonly string[], runnerShard: RunnerShard | undefined): string {
  // With a shard, the status history is folded from the shards' own runner events too (see statusHistoryFromShards).
  const conditions = names.filter((name) => !(runnerShard && (name === 'runners' || name === 'status-history'))).map((name) => STREAMS[name]);
  if (runnerShard) conditions.push(runnerShardStreams(runnerShard));
  if (conditions.some((c) => c === undefined)) return '';
  return conditions.length === 0 ? ' AND 0' : ` AND (${conditions.map((c) => `(${c})`).join(' OR ')})`;
}

/**
 * `schemaVersion` of the metadata, as json_extract reads it, in JSON, without parsing the JSON for
 * events that end with it: the service writes metadata with JSON.stringify, `schemaVersion` last, so
 * the text of nearly every event ends with `"schemaVersion":2}`. Compared as bytes (a BLOB's substr
 * counts bytes; a TEXT's counts characters, decoding the whole text for a negative start). A
 * suffix like that can only be the top-level object's last member (a nested object would end
 * `}}`, a string `"}`), so it says what json_extract would; any other text is parsed as before.
 * json_extract was about a fifth of the read (its rows: 1 µs each, 10,000,000 rows).
 */
const SCHEMA_VERSION_JSON =
  "CASE substr(CAST(metadata AS BLOB), -18) " +
  [...new Set(Object.values(EVENT_SCHEMA_VERSIONS))]
    .filter((version) => version >= 1 && version <= 9)
    .sort((a, b) => b - a)
    .map((version) => `WHEN CAST('"schemaVersion":${version}}' AS BLOB) THEN '${version}' `)
    .join('') +
  // json_quote passes an array or object through as JSON, where the driver turned json_extract's text into a string.
  "ELSE json_quote(CASE WHEN json_type(metadata, '$.schemaVersion') IN ('array', 'object') THEN json_extract(metadata, '$.schemaVersion') || '' " +
  "ELSE json_extract(metadata, '$.schemaVersion') END) END";

/**
 * Of event-rows.ts's EventRow, only what a fold reads, as one JSON array per row (foldRow):
 * position, stream, type, data and, of the metadata, `schemaVersion` (for the upcasters), then the
 * record time or null. Projections fold data only. Parsing the whole metadata (actor, correlation
 * ids, times) was a tenth of a replay's time, and turning event ids and record times into strings
 * nobody reads another fifth of the read. An event read here therefore never leaves the replay: its
 * metadata is `{ schemaVersion }` (or `{}`), its id is empty, its revision is -1, and its
 * recordedAt is empty except on directory events, whose fold shows it where a source left a
 * creation time out (few rows, so their strings cost nothing).
 *
 * One text per row, parsed by one JSON.parse that parses the data too: the driver turning each
 * row's six columns into JavaScript values cost more than the parse that replaces it (a thread's
 * 6,000,000 rows: read and parsed in 17.5 s against 19.1 s of CPU, by turns). format() writes the
 * text once, where each || of a chain copies it again (3 % of the read). Stored data is
 * JSON.stringify's text, so the array is JSON; toFoldedEvent checks its length, so a data text
 * that is not one JSON value fails the read, as it failed JSON.parse before.
 */
const foldRow = (recordedAt: string) => `format('[%d,%s,%s,%s,%s,%s]', position, json_quote(stream_id), json_quote(type), data, ${SCHEMA_VERSION_JSON}, ${recordedAt})`;
const RECORDED_AT_OF_DIRECTORY_EVENTS = "CASE WHEN stream_id LIKE 'runner-%' OR stream_id LIKE 'job-%' THEN 'null' ELSE json_quote(recorded_at) END";
/** The query models whose folds never read recordedAt: their readers leave the column out (a LIKE per row otherwise). */
const WITHOUT_RECORDED_AT: ReadonlySet<string> = new Set(['runners', 'jobs', 'status-history']);
type FoldRow = [position: number, streamId: string, type: string, data: unknown, schemaVersion: unknown, recordedAt: string | null];
const FOLD_ROW_LENGTH = 6;

/** The metadata of events at each version, shared: one object fewer per event read (nothing writes to an event's metadata). */
const METADATA_OF_VERSION = new Map<unknown, Readonly<Record<string, unknown>>>();
const metadataOf = (schemaVersion: unknown): Readonly<Record<string, unknown>> => {
  let metadata = METADATA_OF_VERSION.get(schemaVersion);
  if (!metadata) METADATA_OF_VERSION.set(schemaVersion, (metadata = Object.freeze(schemaVersion === null ? {} : { schemaVersion })));
  return metadata;
};

/**
 * Each known type as the code spells it. A string read from SQLite is a fresh copy, compared
 * character by character by every `switch (event.type)` case and looked up by value by every
 * `type in …`; the code's own (internalized) string compares by identity. Folds compare an event's
 * type a dozen times; a replay reads millions.
 */
const KNOWN_TYPES: ReadonlyMap<string, string> = new Map(Object.keys(EVENT_SCHEMA_VERSIONS).map((type) => [type, type]));

function toFoldedEvent(text: string): RecordedEvent {
  const row = JSON.parse(text) as FoldRow;
  if (row.length !== FOLD_ROW_LENGTH) throw new Error(`the event at ${String(row[0])} holds data that is not one JSON value`);
  return {
    streamId: row[1],
    revision: -1,
    position: row[0],
    id: '',
    type: KNOWN_TYPES.get(row[2]) ?? row[2],
    data: row[3],
    metadata: metadataOf(row[4]),
    recordedAt: row[5] ?? '',
  };
}

/** Larger than any log (SQLite caps it at its compile-time maximum): the mapping only reserves address space. */
const MMAP_BYTES = 2 ** 40;

/**
 * The embedded log, read for a replay of some query models only: the rows of their streams, with
 * the metadata reduced as foldRow says, through the domain upcasters, on a read-only connection.
 * Reading and parsing is most of a replay's time; a part that folds jobs and directory then skips
 * the 80 % of the log that is runners' heartbeats and changes, and the other way round.
 */
export class SqliteLogReader implements LogReader {
  private readonly db: Database.Database;
  private readonly select: Database.Statement;

  constructor(file: string, names: readonly string[], runnerShard?: RunnerShard) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    // The scan reads the file's pages in place rather than copying each into SQLite's small page cache.
    this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
    const row = foldRow(names.every((name) => WITHOUT_RECORDED_AT.has(name)) ? "'null'" : RECORDED_AT_OF_DIRECTORY_EVENTS);
    this.select = this.db.prepare(`SELECT ${row} FROM events WHERE position > ?${streamsOf(names, runnerShard)} ORDER BY position LIMIT ?`).pluck(true);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = this.select.all(options.after ?? 0, options.maxCount ?? -1) as string[];
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

/** Opens a reader for some query models' streams (the runners' restricted to a shard when given). */
export type LogReaderFactory = (names: readonly string[], runnerShard?: RunnerShard) => SqliteLogReader;

/** Only for the embedded log (no DATABASE_URL, no EVENTSTORE_CONNECTION_STRING); undefined otherwise: read through the event store as it is. */
export function logReaderFactory(config: AppConfig): LogReaderFactory | undefined {
  if (config.databaseUrl || config.eventStoreConnectionString) return undefined;
  return (names, runnerShard) => new SqliteLogReader(eventsFile(config), names, runnerShard);
}
