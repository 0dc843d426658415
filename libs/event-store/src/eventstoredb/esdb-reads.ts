import type {
  AllStreamRecordedEvent,
  EventStoreDBClient,
  Position,
  ReadAllOptions,
  ReadPosition,
  ReadStreamOptions,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { RecordedEvent } from '../event-store.port';
import { ESDB, esdbClient } from './esdb-client';
import { toEsdbPosition, toPortPosition, toRecordedEvent } from './esdb-mapping';
import type { StreamNames } from './stream-selection';

/**
 * Reads are paged: each page is one gRPC call of bounded size, so a long stream or a big `$all`
 * never rides on a single call (the client gives reads no deadline) and a caller asking for a few
 * events does not make the server send thousands.
 */
export const READ_PAGE_SIZE = 1000;

export interface ReadContext {
  readonly client: EventStoreDBClient;
  readonly names: StreamNames;
  /** Log offset before which no event of this store exists (see EventStoreDbEventStoreOptions.origin); 0 for none. */
  readonly origin: number;
}

/**
 * One page of a stream, read to its end: a gRPC read left half-consumed never completes, and the
 * client's dispose() would then wait for it forever. undefined when the stream does not exist.
 */
async function streamPage(client: EventStoreDBClient, esdbName: string, options: ReadStreamOptions): Promise<EsdbRecordedEvent[] | undefined> {
  const events: EsdbRecordedEvent[] = [];
  try {
    for await (const resolved of client.readStream(esdbName, options)) if (resolved.event) events.push(resolved.event);
  } catch (error) {
    if (isStreamNotFound(error)) return undefined;
    throw error;
  }
  return events;
}

/** One page of `$all`, read to its end (see streamPage); `received` counts every record the server sent. */
async function allPage(client: EventStoreDBClient, options: ReadAllOptions): Promise<{ events: AllStreamRecordedEvent[]; received: number }> {
  const events: AllStreamRecordedEvent[] = [];
  let received = 0;
  for await (const resolved of client.readAll(options)) {
    received += 1;
    if (resolved.event) events.push(resolved.event);
  }
  return { events, received };
}

/** Events of one stream from `fromRevision` (inclusive), at most `maxCount`; [] when the stream does not exist. */
export async function readStreamEvents(
  { client, names }: ReadContext,
  streamId: string,
  fromRevision: number,
  maxCount: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let next = BigInt(fromRevision);
  while (events.length < maxCount) {
    const wanted = Math.min(READ_PAGE_SIZE, maxCount - events.length);
    const page = await streamPage(client, names.esdbName(streamId), { fromRevision: next, maxCount: wanted });
    if (!page) break;
    for (const event of page) events.push(toRecordedEvent(event, streamId));
    if (page.length < wanted) break;
    next = page[page.length - 1].revision + 1n;
  }
  return events;
}

/** The last event of a stream, or undefined when the stream does not exist. */
export async function readLastEvent({ client, names }: ReadContext, streamId: string): Promise<RecordedEvent | undefined> {
  const page = await streamPage(client, names.esdbName(streamId), { direction: ESDB.BACKWARDS, fromRevision: ESDB.END, maxCount: 1 });
  return page?.[0] && toRecordedEvent(page[0], streamId);
}

/**
 * Pages backwards through a stream for the revision holding event `eventId`; undefined if the stream
 * does not hold it. Retries look for their own recent appends, so the newest events come first.
 */
export async function findRevisionOf({ client, names }: ReadContext, streamId: string, eventId: string): Promise<number | undefined> {
  let from: bigint | typeof ESDB.END = ESDB.END;
  for (;;) {
    const page = await streamPage(client, names.esdbName(streamId), { direction: ESDB.BACKWARDS, fromRevision: from, maxCount: READ_PAGE_SIZE });
    if (!page) return undefined;
    const found = page.find((event) => event.id === eventId);
    if (found) return Number(found.revision);
    const oldest = page[page.length - 1]?.revision;
    if (page.length < READ_PAGE_SIZE || oldest === undefined || oldest === 0n) return undefined;
    from = oldest - 1n;
  }
}

/**
 * Events of the selected streams strictly after port position `after`, in `$all` order, at most
 * `maxCount`. `$all` cannot be filtered by this client's reads, so pages of raw `$all` are filtered
 * here with the selection's regex; a page starts at the last raw event seen (reads from a position
 * include the event there), which is dropped again.
 */
export async function readAllSelected(context: ReadContext, after: number, maxCount: number): Promise<RecordedEvent[]> {
  const { client, names } = context;
  const events: RecordedEvent[] = [];
  if (maxCount <= 0) return events;
  let skipThrough: Position | undefined = after > 0 ? toEsdbPosition(after) : context.origin > 0 ? toEsdbPosition(context.origin) : undefined;
  let from: ReadPosition = skipThrough ?? ESDB.START;
  for (;;) {
    // Small asks get small pages (other streams' events may sit in between, hence the floor).
    const pageSize = Math.min(READ_PAGE_SIZE, Math.max(maxCount - events.length + 1, 64));
    const page = await allPage(client, { fromPosition: from, maxCount: pageSize, direction: ESDB.FORWARDS });
    for (const event of page.events) {
      if (skipThrough && comparePositions(event.position, skipThrough) <= 0) continue;
      skipThrough = event.position;
      const streamId = names.portStreamId(event.streamId);
      if (streamId === undefined) continue;
      events.push(toRecordedEvent(event, streamId));
      if (events.length >= maxCount) return events;
    }
    if (page.received < pageSize || !skipThrough) return events;
    from = skipThrough;
  }
}

/**
 * The port position of the newest event of the selected streams, 0 when there is none. Reads `$all`
 * backwards in pages that grow from a few events: at the tail of a dedicated server the newest event
 * is almost always this store's.
 */
export async function headOfSelected(context: ReadContext): Promise<number> {
  const { client, names, origin } = context;
  let from: ReadPosition = ESDB.END;
  let pageSize = 8;
  for (;;) {
    const page = await allPage(client, { fromPosition: from, maxCount: pageSize, direction: ESDB.BACKWARDS });
    for (const event of page.events) {
      if (origin > 0 && event.position.commit < BigInt(origin)) return 0;
      if (names.portStreamId(event.streamId) !== undefined) return toPortPosition(event.position);
    }
    const oldest = page.events[page.events.length - 1]?.position;
    // Reading backwards from an event's position starts just before that event.
    if (page.received < pageSize || !oldest) return 0;
    from = oldest;
    pageSize = Math.min(pageSize * 4, READ_PAGE_SIZE);
  }
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function isStreamNotFound(error: unknown): boolean {
  const { isCommandError, ErrorType } = esdbClient();
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;
}
