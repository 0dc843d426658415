import { EventData, ExpectedRevision, RecordedEvent } from '../event-store.port';
import { isValidExpectedRevision } from '../expected-revision';

export interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /** The caller's payloads, handed to in-process subscribers after commit instead of re-parsing the JSON. */
  readonly original: EventData;
}

/** An append as it waits in the group-commit queue: validated and already serialized. */
export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly SerializedEvent[];
  readonly expectedRevision: ExpectedRevision;
  /** Keep only the stream's latest `maxCount` events after this append (undefined: keep all). */
  readonly maxCount?: number;
}

/**
 * Serializing before queueing means a bad payload fails only its own append, the transaction stays
 * short, and a caller mutating its objects after the call cannot change what gets written.
 */
export function toAppendRequest(
  streamId: string,
  events: readonly EventData[],
  expectedRevision: ExpectedRevision,
  maxCount?: number,
): AppendRequest {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new TypeError('streamId must be a non-empty string');
  }
  if (!isValidExpectedRevision(expectedRevision)) {
    throw new TypeError(`Invalid expected revision: ${String(expectedRevision)}`);
  }
  if (maxCount !== undefined && !(Number.isSafeInteger(maxCount) && maxCount > 0)) {
    throw new TypeError(`maxCount must be a positive integer, got ${String(maxCount)}`);
  }
  if (!Array.isArray(events)) throw new TypeError('events must be an array');
  const ids = new Set<string>();
  const serialized = events.map((event): SerializedEvent => {
    if (typeof event.id !== 'string' || event.id.length === 0) throw new TypeError('Event id must be a non-empty string');
    if (ids.has(event.id)) throw new TypeError(`Event id ${event.id} appears twice in one append`);
    ids.add(event.id);
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new TypeError(`Event ${event.id}: type must be a non-empty string`);
    }
    return {
      id: event.id,
      type: event.type,
      data: toJson(event.data, `Event ${event.id}: data`),
      metadata: toJson(event.metadata ?? {}, `Event ${event.id}: metadata`),
      original: event,
    };
  });
  return maxCount === undefined ? { streamId, events: serialized, expectedRevision } : { streamId, events: serialized, expectedRevision, maxCount };
}

function toJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  // JSON.stringify returns undefined for undefined, functions and symbols; storing that would not round-trip.
  if (json === undefined) throw new TypeError(`${what} is not JSON-serializable`);
  return json;
}

/**
 * Leaves out what an append's `maxCount` deleted again in the same transaction (its own older
 * events, or those of an earlier append in the batch): subscribers are never pushed a truncated event.
 * `written` are the appends that wrote, with the revision of their last event.
 */
export function withoutTruncated(
  written: readonly { streamId: string; maxCount?: number; revision: number }[],
  committed: RecordedEvent[],
): RecordedEvent[] {
  const truncatedUpTo = new Map<string, number>();
  for (const { streamId, maxCount, revision } of written) {
    if (maxCount !== undefined) truncatedUpTo.set(streamId, Math.max(revision - maxCount, truncatedUpTo.get(streamId) ?? -1));
  }
  if (truncatedUpTo.size === 0) return committed;
  return committed.filter((event) => event.revision > (truncatedUpTo.get(event.streamId) ?? -1));
}
