import { randomUUID } from 'node:crypto';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { ESDB, esdbClient } from './esdb-client';
import type { StreamNames } from './stream-selection';

/** The event that claims an event id for one stream; data names the port stream. */
export const EVENT_ID_RESERVED = 'EventIdReserved';

export interface Reservation {
  readonly eventId: string;
  /** 'new': claimed by this call. 'same-stream': claimed earlier for this very stream (a retry, or an attempt that failed). */
  readonly outcome: 'new' | 'same-stream';
}

/** The id is already claimed by another stream. */
export interface ForeignReservation {
  readonly eventId: string;
  readonly streamId: string;
}

/**
 * EventStoreDB checks event ids only within a stream (and, for expected revision "any", only
 * best-effort). The port promises more: an id recorded in one stream is refused in any other. So
 * before an append, each of its ids is claimed by creating the stream `reserved-event-id-<id>`
 * ("no stream" expected, which the server checks atomically) with the target stream in its data.
 * A claim that already exists for the same stream is a retry and is allowed; for another stream,
 * the append is refused before anything of it is written.
 *
 * Cost: one small extra write per event (the claims of one append go out in parallel). Claims are
 * never removed: an attempt that failed after claiming leaves ids claimed for that stream, which
 * only ever allows them there.
 */
export async function reserveEventIds(
  client: EventStoreDBClient,
  names: StreamNames,
  streamId: string,
  eventIds: readonly string[],
): Promise<{ reservations: Reservation[]; foreign: ForeignReservation | undefined }> {
  const settled = await Promise.all(eventIds.map((eventId) => reserveOne(client, names, streamId, eventId)));
  const reservations: Reservation[] = [];
  let foreign: ForeignReservation | undefined;
  for (const result of settled) {
    if ('streamId' in result) foreign ??= result;
    else reservations.push(result);
  }
  return { reservations, foreign };
}

async function reserveOne(
  client: EventStoreDBClient,
  names: StreamNames,
  streamId: string,
  eventId: string,
): Promise<Reservation | ForeignReservation> {
  const reservationStream = names.reservationStream(eventId);
  const { WrongExpectedVersionError, jsonEvent } = esdbClient();
  try {
    await client.appendToStream(reservationStream, jsonEvent({ id: randomUUID(), type: EVENT_ID_RESERVED, data: { streamId } }), {
      expectedRevision: ESDB.NO_STREAM,
    });
    return { eventId, outcome: 'new' };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
  }
  const owner = await reservationOwner(client, reservationStream);
  return owner === streamId ? { eventId, outcome: 'same-stream' } : { eventId, streamId: owner };
}

async function reservationOwner(client: EventStoreDBClient, reservationStream: string): Promise<string> {
  let owner: unknown;
  // Read to the end even though one event is all there is: a read left open keeps the client from closing.
  for await (const resolved of client.readStream(reservationStream, { maxCount: 1 })) {
    owner ??= (resolved.event?.data as { streamId?: unknown } | undefined)?.streamId;
  }
  if (typeof owner !== 'string') throw new Error(`Reservation stream ${reservationStream} exists but holds no reservation`);
  return owner;
}
