import { AppendResult } from '../event-store.port';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import { NO_STREAM_REVISION, assertExpectedRevision } from '../expected-revision';
import { AppendRequest } from './append-request';
import { EventLocationRow, SqliteStatements, StreamHeadRow, StreamSliceRow } from './sqlite-statements';

/**
 * Writes one append inside the caller's write transaction. Everything it decides on (the stream's
 * current revision, which ids exist) is read inside that transaction, never from a cache, so it is
 * right even when another process writes the same file.
 */
export interface WrittenAppend extends AppendResult {
  /** False for an idempotent retry and for an empty append: nothing new became readable. */
  readonly wrote: boolean;
}

export function writeAppend(statements: SqliteStatements, request: AppendRequest, recordedAt: string): WrittenAppend {
  const { streamId, events } = request;
  const head = statements.streamHead.get(streamId) as StreamHeadRow | undefined;
  const currentRevision = head ? head[0] : NO_STREAM_REVISION;

  // Idempotency wins over the expected revision: a retry after a lost reply carries the stale one.
  const earlier = events.length > 0 ? findEarlierIdenticalAppend(statements, request) : undefined;
  if (earlier) return { ...earlier, wrote: false };

  assertExpectedRevision(streamId, request.expectedRevision, currentRevision);
  if (events.length === 0) return { nextExpectedRevision: currentRevision, position: head ? head[1] : 0, wrote: false };

  let revision = currentRevision;
  let position = 0;
  for (const event of events) {
    revision += 1;
    try {
      const { lastInsertRowid } = statements.insertEvent.run(
        event.id,
        streamId,
        revision,
        event.type,
        event.data,
        event.metadata,
        recordedAt,
      );
      position = Number(lastInsertRowid);
    } catch (error) {
      throw isDuplicateEventId(error) ? (duplicateOf(statements, request, event.id) ?? error) : error;
    }
  }
  // In the append's transaction: no reader ever sees the stream longer than maxCount after it.
  if (request.maxCount !== undefined && revision - request.maxCount >= 0) statements.truncateStream.run(streamId, revision - request.maxCount);
  return { nextExpectedRevision: revision, position, wrote: true };
}

/**
 * Looks up only the first id: if it is new, the append is new (a later id that clashes makes its
 * INSERT fail). If it exists, the append is a retry only when all its ids sit in this stream at
 * consecutive revisions, exactly as sent.
 */
function findEarlierIdenticalAppend(statements: SqliteStatements, request: AppendRequest): AppendResult | undefined {
  const { streamId, events } = request;
  const first = statements.eventLocation.get(events[0].id) as EventLocationRow | undefined;
  if (!first) return undefined;
  const [existingStreamId, firstRevision] = first;
  if (existingStreamId !== streamId) {
    throw new DuplicateEventIdError(events[0].id, streamId, existingStreamId, firstRevision);
  }
  const stored = statements.streamSlice.all(streamId, firstRevision, events.length) as StreamSliceRow[];
  const mismatch = events.findIndex((event, i) => stored[i]?.[0] !== event.id);
  if (mismatch !== -1) throw duplicateOf(statements, request, events[mismatch].id) ?? incompleteRetry(request, first);
  const last = stored[stored.length - 1];
  return { nextExpectedRevision: last[1], position: last[2] };
}

/**
 * Duck-typed rather than `instanceof SqliteError`: the native addon keeps the SqliteError class of the
 * first copy of better-sqlite3 loaded in the process, which is not the one later copies export (Jest
 * loads one copy per test file).
 */
function isDuplicateEventId(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.event_id');
}

function duplicateOf(
  statements: SqliteStatements,
  request: AppendRequest,
  eventId: string,
): DuplicateEventIdError | undefined {
  const location = statements.eventLocation.get(eventId) as EventLocationRow | undefined;
  return location && new DuplicateEventIdError(eventId, request.streamId, location[0], location[1]);
}

/** The append starts like an earlier one but has more events than that append had. */
function incompleteRetry(request: AppendRequest, first: EventLocationRow): DuplicateEventIdError {
  return new DuplicateEventIdError(request.events[0].id, request.streamId, first[0], first[1]);
}
