import type { EventStoreDBClient, JSONEventData, JSONType } from '@eventstore/db-client';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import {
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type BatchHandler,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { NO_STREAM_REVISION, assertExpectedRevision } from '../expected-revision';
import { toAppendRequest, type SerializedEvent } from '../sqlite/append-request';
import { ESDB, esdbClient } from './esdb-client';
import { assertEsdbEventId, toEsdbExpectedRevision, toPortPosition, toPortRevision } from './esdb-mapping';
import { findRevisionOf, headOfSelected, readAllSelected, readLastEvent, readStreamEvents, type ReadContext } from './esdb-reads';
import { EsdbCatchUpSubscription } from './esdb-subscription';
import { reserveEventIds, type ForeignReservation } from './event-id-reservations';
import { SERVICE_STREAMS, StreamNames, type StreamSelection } from './stream-selection';

export interface EventStoreDbEventStoreOptions {
  /** e.g. esdb://eventstore:2113?tls=false */
  readonly connectionString: string;
  /**
   * Prefix of every EventStoreDB stream this store writes and reads (default ''): several stores, or
   * a test per store, can share one server without seeing each other's events.
   */
  readonly namespace?: string;
  /** Which port stream ids belong to the store (default: the runner registry's streams, SERVICE_STREAMS). */
  readonly streams?: StreamSelection;
  /**
   * Log offset (a port position) before which this store has no events, e.g. the end of the log when
   * the namespace was created; reads of the whole store and subscriptions from 0 start there instead
   * of scanning the server's older history. Default 0: the start of the log.
   */
  readonly origin?: number;
  /** Pause before a subscription resubscribes after the connection failed (doubling on repeats). Default 500. */
  readonly retryDelayMs?: number;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_RETRY_DELAY_MS = 500;

/**
 * EventStore on EventStoreDB (gRPC client @eventstore/db-client, server 22.6 or later). A port
 * stream is an EventStoreDB stream of the same name (after the namespace); `$all` is narrowed to the
 * selected streams. How positions map is explained in esdb-mapping.ts, how event ids stay unique
 * across streams in event-id-reservations.ts.
 *
 * Idempotency: an append whose ids were already claimed for this stream looks for them in the
 * stream; found as a whole at one place, the original result is returned and nothing is written,
 * found in part, the append is refused. Not found (the earlier attempt never landed), it is written.
 * Two concurrent attempts of one append can still both miss each other; EventStoreDB's own
 * idempotency check (same ids at the expected revision) then covers exact expected revisions.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly open = new Set<EsdbCatchUpSubscription>();
  private readonly context: ReadContext;
  /** Streams whose `$maxCount` this process has set, and to what: the metadata is written once per stream and value. */
  private readonly maxCountsSet = new Map<string, number>();
  private closing: Promise<void> | undefined;

  /** Connects and checks the server answers (one read of the log's tail), so a bad address fails at start. */
  static async open(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const client = esdbClient().EventStoreDBClient.connectionString(options.connectionString);
    try {
      // Read to the end (one event at most): a read left open would keep close() waiting.
      for await (const _ of client.readAll({ direction: ESDB.BACKWARDS, fromPosition: ESDB.END, maxCount: 1 }));
    } catch (error) {
      await client.dispose();
      throw error;
    }
    return new EventStoreDbEventStore(client, options);
  }

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions,
  ) {
    const origin = options.origin ?? 0;
    if (!Number.isSafeInteger(origin) || origin < 0) throw new RangeError(`origin must be a log offset, got ${origin}`);
    this.context = { client, names: new StreamNames(options.namespace ?? '', options.streams ?? SERVICE_STREAMS), origin };
  }

  async appendToStream(streamId: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const expected = options?.expectedRevision ?? 'any';
    const request = toAppendRequest(streamId, events, expected, options?.maxCount);
    this.assertSelected(streamId);
    for (const event of request.events) assertEsdbEventId(event.id);
    if (request.events.length === 0) return this.emptyAppend(streamId, expected);

    const ids = request.events.map((event) => event.id);
    const { reservations, foreign } = await reserveEventIds(this.client, this.context.names, streamId, ids);
    if (foreign) throw await this.duplicateOf(streamId, foreign);
    const claimedBefore = reservations.filter((reservation) => reservation.outcome === 'same-stream').map((reservation) => reservation.eventId);
    if (claimedBefore.length > 0) {
      const earlier = await this.findEarlierAppend(streamId, ids, claimedBefore);
      if (earlier) return earlier;
    }
    const result = await this.write(streamId, request.events, expected);
    if (request.maxCount !== undefined) await this.truncate(streamId, request.maxCount);
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (!this.isSelected(streamId)) return [];
    return readStreamEvents(this.context, streamId, Math.max(0, options.fromRevision ?? 0), options.maxCount ?? Number.MAX_SAFE_INTEGER);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readAllSelected(this.context, options.after ?? 0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return headOfSelected(this.context);
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    const subscription = new EsdbCatchUpSubscription(
      this.client,
      this.context.names,
      {
        after: options.after ?? 0,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        origin: this.context.origin,
        retryDelayMs: this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
      },
      handler,
    );
    this.open.add(subscription);
    const forget = () => this.open.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  /** Appends go to the server one by one: nothing is queued here. */
  async flush(): Promise<void> {}

  /** Stops subscriptions, then closes the client's calls. Calling it again is harmless. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private async write(streamId: string, events: readonly SerializedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // From the serialized JSON, so what is written is exactly what other adapters store, and a
    // caller changing its objects after the call cannot change it.
    const proposed = events.map(
      (event): JSONEventData => ({
        id: event.id,
        contentType: 'application/json',
        type: event.type,
        data: JSON.parse(event.data) as JSONType,
        metadata: JSON.parse(event.metadata) as JSONType,
      }),
    );
    let nextExpectedRevision: number;
    let reportedPosition: number | undefined;
    try {
      const result = await this.client.appendToStream(this.context.names.esdbName(streamId), proposed, {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      nextExpectedRevision = toPortRevision(result.nextExpectedRevision);
      // The server reports one position per append. For a single event it is that event's; for
      // several (or an idempotent write the server recognised itself) the last event is read back.
      const position = result.position;
      if (events.length === 1 && position && position.commit > 0n && position.commit === position.prepare) reportedPosition = toPortPosition(position);
    } catch (error) {
      if (error instanceof esdbClient().WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expected, toPortRevision(error.actualVersion));
      }
      throw error;
    }
    return { nextExpectedRevision, position: reportedPosition ?? (await this.positionAt(streamId, nextExpectedRevision)) };
  }

  /**
   * The port's `maxCount` is EventStoreDB's `$maxCount` stream metadata: reads of the stream return
   * only its latest events at once, and a scavenge deletes the rest. Set after the write (so a stream
   * is never truncated by an append that failed), and again after a restart: setting the same value
   * twice only adds a metadata event. A failure to set it does not fail the append, which has been
   * written: the stream stays longer until the next append to it sets the metadata again. Caveat:
   * until the server scavenges, reads of `$all` (hence readAll and subscriptions) still return the
   * truncated events, in their place and order.
   */
  private async truncate(streamId: string, maxCount: number): Promise<void> {
    if (this.maxCountsSet.get(streamId) === maxCount) return;
    try {
      await this.client.setStreamMetadata(this.context.names.esdbName(streamId), { maxCount });
      this.maxCountsSet.set(streamId, maxCount);
    } catch {
      // Retried by the next append to the stream (see above).
    }
  }

  private async positionAt(streamId: string, revision: number): Promise<number> {
    const [event] = await readStreamEvents(this.context, streamId, revision, 1);
    if (!event) throw new Error(`Stream ${streamId} has no event at revision ${revision} right after appending it`);
    return event.position;
  }

  /** The port's empty append: no write, but the expected revision is still checked. */
  private async emptyAppend(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const last = await readLastEvent(this.context, streamId);
    const actual = last?.revision ?? NO_STREAM_REVISION;
    assertExpectedRevision(streamId, expected, actual);
    return { nextExpectedRevision: actual, position: last?.position ?? 0 };
  }

  /**
   * The earlier append these ids came from, when it landed: all of them, in order, from one revision
   * on. Finding only some of them means the call mixes old events with new ones: refused.
   */
  private async findEarlierAppend(streamId: string, ids: readonly string[], claimedBefore: readonly string[]): Promise<AppendResult | undefined> {
    // An id claimed just now cannot be in any stream yet: no need to look for it.
    const start = claimedBefore.includes(ids[0]) ? await findRevisionOf(this.context, streamId, ids[0]) : undefined;
    if (start === undefined) {
      for (const id of claimedBefore.filter((claimed) => claimed !== ids[0])) {
        const revision = await findRevisionOf(this.context, streamId, id);
        if (revision !== undefined) throw new DuplicateEventIdError(id, streamId, streamId, revision);
      }
      return undefined;
    }
    const recorded = await readStreamEvents(this.context, streamId, start, ids.length);
    const sameEvents = recorded.length === ids.length && recorded.every((event, i) => event.id === ids[i]);
    if (!sameEvents) throw new DuplicateEventIdError(ids[0], streamId, streamId, start);
    const last = recorded[recorded.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private async duplicateOf(streamId: string, foreign: ForeignReservation): Promise<DuplicateEventIdError> {
    // -1 when the append that claimed the id never landed; the claim stands all the same.
    const existingRevision = (await findRevisionOf(this.context, foreign.streamId, foreign.eventId)) ?? NO_STREAM_REVISION;
    return new DuplicateEventIdError(foreign.eventId, streamId, foreign.streamId, existingRevision);
  }

  private isSelected(streamId: string): boolean {
    return this.context.names.portStreamId(this.context.names.esdbName(streamId)) !== undefined;
  }

  /** An event in a stream outside the selection would be in the stream but never in readAll or subscriptions. */
  private assertSelected(streamId: string): void {
    if (!this.isSelected(streamId)) throw new TypeError(`Stream ${streamId} is not one of this store's streams`);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('EventStoreDbEventStore is closed');
  }
}
