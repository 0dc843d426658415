/**
 * The event store port. It is shaped like EventStoreDB's model (streams with revisions, a global
 * `$all` order, expected revisions, catch-up subscriptions) so that each adapter is a thin mapping.
 *
 * Revisions are 0-based per stream; positions are 1-based, strictly increasing across all streams.
 * Both are plain numbers: 2^53 events is far beyond what one deployment writes. Positions may have
 * gaps (events of a stream truncated by `maxCount` are gone from `$all`), and revisions keep counting
 * every event a stream ever had: nothing may assume that position p + 1 or revision 0 exists.
 */

/** What a caller asks to append. `id` is a UUID and makes the append idempotent. */
export interface EventData<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: Record<string, unknown>;
}

/** An event as the store recorded it. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends EventData<Type, Data> {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  /** ISO-8601 time at which the store recorded the event. */
  readonly recordedAt: string;
}

/**
 * - 'any': no check.
 * - 'no_stream': the stream must not exist yet.
 * - 'stream_exists': the stream must have at least one event.
 * - a number: the stream's last revision must be exactly this.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
  /**
   * Truncates the stream to its latest `maxCount` events once this append is written (EventStoreDB's
   * `$maxCount` stream metadata): older events are deleted in the same transaction (SQLite,
   * PostgreSQL) or scavenged (EventStoreDB), and reads never return them again, neither readStream
   * nor readAll nor subscriptions (which may have delivered them before). Revisions go on counting
   * every event ever appended, so expected revisions work as before; an idempotent retry is only
   * recognised while the retried events are still kept. A positive integer; pass it on every append
   * to the stream (a stream's events are kept in full otherwise, except in EventStoreDB, where the
   * metadata, once set, stays).
   */
  readonly maxCount?: number;
}

export interface AppendResult {
  /**
   * The revision of the last event of this append (of the original append when it was an idempotent
   * retry); pass it as the next expected revision. An empty append returns the stream's current
   * revision (-1 when it does not exist) and the position of its last event (0 when none).
   */
  readonly nextExpectedRevision: number;
  /** The global position of the last appended event (or of the matching earlier append when idempotent). */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** Inclusive; default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Default 0, i.e. from the start. */
  readonly after?: number;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive, as in ReadAllOptions. */
  readonly after?: number;
  /** Largest batch handed to the handler at once. */
  readonly batchSize?: number;
}

/** Called with consecutive batches in global order; the next batch waits until the promise settles. */
export type BatchHandler = (events: readonly RecordedEvent[]) => void | Promise<void>;

export interface Subscription {
  /** Resolves once the handler will not be called again. Never await it inside the handler: it waits for the handler. */
  stop(): Promise<void>;
  /** Rejects if the handler threw; the subscription is stopped then. */
  readonly done: Promise<void>;
}

export interface EventStore {
  /**
   * Appends atomically: all events or none. Fails with WrongExpectedRevisionError on a revision
   * mismatch. Re-appending events whose ids are already in that stream at that place succeeds
   * without writing anything (idempotent retry after a lost reply).
   */
  appendToStream(streamId: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult>;
  /** Events of one stream in revision order (only those a `maxCount` kept); [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in global order; truncated events are skipped, so positions have gaps. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event; 0 when the store is empty. */
  headPosition(): Promise<number>;
  /**
   * Catch-up subscription: delivers every event after `after`, then keeps delivering new ones as
   * they are appended (by this process or, for shared stores, by any other).
   */
  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription;
  /** Resolves once every append submitted so far is written (or has failed): group-commit queues are empty. */
  flush(): Promise<void>;
  /** Safe to call twice. */
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Wrong expected revision on stream ${streamId}: expected ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}
