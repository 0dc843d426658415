import type { AppendExpectedRevision, CurrentRevision, Position, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { ExpectedRevision, RecordedEvent } from '../event-store.port';
import { NO_STREAM_REVISION } from '../expected-revision';
import { ESDB } from './esdb-client';

/**
 * Pure translations between the port's numbers and EventStoreDB's, kept apart from the adapter so
 * they are tested without a server.
 *
 * Positions. EventStoreDB addresses `$all` by {commit, prepare}: byte offsets of log records. An
 * event appended through gRPC (no explicit transaction, which only the retired TCP API had) is a
 * self-committing prepare record, and the server reports it with commit = prepare = that record's
 * offset. So one number identifies it, and offsets grow strictly in `$all` order: the port's
 * position is Number(commit). Two assumptions, both checked where a position comes in:
 * - offsets stay below 2^53 (8 PiB of log), so Number() is exact;
 * - no event sits at offset 0 (the log opens with an epoch record), so 0 still means "nothing".
 * Positions are sparse (gaps of an event's size), which the port allows: it promises only that
 * they are positive and strictly increasing.
 */

/** The stream's last revision after `expected` under EventStoreDB's names; -1 is "no stream" in the port. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ESDB.ANY;
    case 'no_stream':
      return ESDB.NO_STREAM;
    case 'stream_exists':
      return ESDB.STREAM_EXISTS;
    default:
      // The port lets -1 stand for "no stream" (WrongExpectedRevisionError.actual uses it); a bigint -1
      // would reach the server as revision 18446744073709551615.
      return expected === NO_STREAM_REVISION ? ESDB.NO_STREAM : BigInt(expected);
  }
}

/** WrongExpectedVersionError.actualVersion → the port's `actual`: the last revision, -1 when there is no stream. */
export function toPortRevision(current: CurrentRevision): number {
  if (current === ESDB.NO_STREAM) return NO_STREAM_REVISION;
  return toSafeNumber(current, 'stream revision');
}

/** The port's position of an event EventStoreDB reports at `position`. */
export function toPortPosition(position: Position): number {
  if (position.commit !== position.prepare) {
    // Only events of an explicit (TCP-era) transaction differ; the port cannot address them.
    throw new RangeError(
      `EventStoreDB position {commit: ${position.commit}, prepare: ${position.prepare}} belongs to an explicit transaction; ` +
        'only events appended through gRPC can be read through this adapter',
    );
  }
  const value = toSafeNumber(position.commit, 'log position');
  if (value <= 0) throw new RangeError(`EventStoreDB log position ${position.commit} cannot be a port position (must be > 0)`);
  return value;
}

/** The EventStoreDB position of the event the port knows at `position` (which this store handed out). */
export function toEsdbPosition(position: number): Position {
  if (!Number.isSafeInteger(position) || position <= 0) throw new RangeError(`Not a position of this store: ${position}`);
  const offset = BigInt(position);
  return { commit: offset, prepare: offset };
}

function toSafeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`EventStoreDB ${what} ${value} does not fit in a JavaScript number`);
  }
  return Number(value);
}

/**
 * An EventStoreDB event as the port's RecordedEvent. `streamId` is the port's name (the namespace
 * already stripped by the caller). The adapter writes data and metadata as JSON, so the client has
 * parsed both; an event without metadata gets {}.
 */
export function toRecordedEvent(event: EsdbRecordedEvent, streamId: string): RecordedEvent {
  if (!event.position) {
    throw new Error(`EventStoreDB sent event ${event.id} of ${event.streamId} without its log position; the adapter needs EventStoreDB 22.6 or later`);
  }
  const metadata = event.metadata;
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: isPlainRecord(metadata) ? metadata : {},
    streamId,
    revision: toSafeNumber(event.revision, 'stream revision'),
    position: toPortPosition(event.position),
    recordedAt: event.created.toISOString(),
  };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * EventStoreDB stores event ids as UUIDs and hands them back in lower case; anything else would be
 * refused by the server, or come back different from what the caller wrote.
 */
export function assertEsdbEventId(id: string): void {
  if (!UUID.test(id)) throw new TypeError(`Event id ${id} must be a lower-case UUID to be stored in EventStoreDB`);
}
