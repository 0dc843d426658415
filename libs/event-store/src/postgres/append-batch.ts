import type { ClientBase } from 'pg';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import { AppendResult, RecordedEvent } from '../event-store.port';
import { assertExpectedRevision } from '../expected-revision';
import { AppendRequest, withoutTruncated } from '../sqlite/append-request';
import type { Outcome } from './async-group-commit-queue';

type OutcomeRow = [
  outcome: 'written' | 'unchanged' | 'wrong_revision' | 'duplicate_id',
  revision: number | null,
  position: string | null,
  eventId: string | null,
  existingStreamId: string | null,
  existingRevision: number | null,
  recordedAt: Date,
];

const APPEND_BATCH = {
  name: 'event_store_append_batch',
  text: 'SELECT * FROM event_store_append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
};

export interface WrittenBatch {
  /** One per request, in order. */
  readonly outcomes: Array<Outcome<AppendResult>>;
  /** What the transaction made readable, in position order. */
  readonly committed: RecordedEvent[];
}

/**
 * Runs one batch as a single statement (see event_store_append_batch): the requests travel as
 * parallel arrays, so the batch costs one round trip and one commit however many appends it holds.
 * Resolves after COMMIT. Rejects if the statement failed as a whole: with nothing written when the
 * server refused it (a pg DatabaseError); with the outcome unknown when the connection broke, which
 * is what idempotent retries with the same event ids are for.
 */
export async function appendBatch(client: ClientBase, requests: readonly AppendRequest[], writerId: string): Promise<WrittenBatch> {
  const events = requests.flatMap((request) => request.events);
  const { expectedKinds, expectedRevisions } = encodeExpected(requests);
  const { rows } = await client.query<OutcomeRow>({
    ...APPEND_BATCH,
    rowMode: 'array',
    values: [
      requests.map((request) => request.streamId),
      expectedKinds,
      expectedRevisions,
      requests.map((request) => request.events.length),
      events.map((event) => event.id),
      events.map((event) => event.type),
      events.map((event) => event.data),
      events.map((event) => event.metadata),
      requests.map((request) => request.maxCount ?? null),
      writerId,
    ],
  });
  if (rows.length !== requests.length) throw new Error(`event_store_append_batch answered ${rows.length} rows for ${requests.length} appends`);
  const committed: RecordedEvent[] = [];
  const outcomes = requests.map((request, i) => toOutcome(request, rows[i], committed));
  const written = requests.flatMap((request, i) =>
    rows[i][0] === 'written' ? [{ streamId: request.streamId, maxCount: request.maxCount, revision: rows[i][1]! }] : [],
  );
  return { outcomes, committed: withoutTruncated(written, committed) };
}

function encodeExpected(requests: readonly AppendRequest[]): { expectedKinds: string[]; expectedRevisions: Array<number | null> } {
  return {
    expectedKinds: requests.map((request) => (typeof request.expectedRevision === 'number' ? 'exact' : request.expectedRevision)),
    expectedRevisions: requests.map((request) => (typeof request.expectedRevision === 'number' ? request.expectedRevision : null)),
  };
}

/** Also collects a written append's events into `committed`; batches are written in order, so they arrive sorted. */
function toOutcome(request: AppendRequest, row: OutcomeRow, committed: RecordedEvent[]): Outcome<AppendResult> {
  const [outcome, revision, position, eventId, existingStreamId, existingRevision, recordedAt] = row;
  switch (outcome) {
    case 'written':
    case 'unchanged': {
      const result = { nextExpectedRevision: revision!, position: Number(position) };
      if (outcome === 'written') committed.push(...recordedEvents(request, result, recordedAt.toISOString()));
      return { ok: true, value: result };
    }
    case 'wrong_revision':
      return { ok: false, error: wrongRevision(request, revision!) };
    case 'duplicate_id':
      return { ok: false, error: new DuplicateEventIdError(eventId!, request.streamId, existingStreamId!, existingRevision!) };
    default:
      return { ok: false, error: new Error(`event_store_append_batch answered an unknown outcome: ${String(outcome)}`) };
  }
}

/** The shared rule builds the error, and so cross-checks the SQL's verdict. */
function wrongRevision(request: AppendRequest, actual: number): Error {
  try {
    assertExpectedRevision(request.streamId, request.expectedRevision, actual);
  } catch (error) {
    return error as Error;
  }
  return new Error(`event_store_append_batch rejected ${String(request.expectedRevision)} against revision ${actual} of ${request.streamId}`);
}

/** Positions are handed out gapless (see postgres-event-schema.ts), so one append's events end at its result. */
function recordedEvents(request: AppendRequest, result: AppendResult, recordedAt: string): RecordedEvent[] {
  const count = request.events.length;
  return request.events.map((event, j) => ({
    streamId: request.streamId,
    revision: result.nextExpectedRevision - count + 1 + j,
    position: result.position - count + 1 + j,
    id: event.id,
    type: event.type,
    data: event.original.data,
    metadata: event.original.metadata ?? {},
    recordedAt,
  }));
}
