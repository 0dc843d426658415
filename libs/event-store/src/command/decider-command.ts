import { randomUUID } from 'node:crypto';
import { fold, isDomainError, type Decider, type DomainError, type DomainEvent, type EventMetadata, type Actor } from '@app/domain';
import { WrongExpectedRevisionError, type EventData, type EventStore, type RecordedEvent } from '../event-store.port';
import { NO_STREAM_REVISION } from '../expected-revision';
import type { DecidedState, DecidedStateCache } from './decided-state-cache';

/** Who asks, why, and when: everything the stored events' metadata needs besides the schema version. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly now: string;
  /** W3C trace context of the command's span, recorded with its events (tracing on only). */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export interface DeciderCommandOptions<Command, Event extends DomainEvent, State> {
  readonly store: EventStore;
  readonly streamId: string;
  readonly decider: Decider<Command, Event, State>;
  /** Built from the freshly loaded state, so a retry after a conflict decides on new facts. */
  readonly command: Command | ((state: State) => Command);
  readonly context: CommandContext;
  readonly schemaVersions: Readonly<Record<string, number>>;
  /** Turns stored payloads of older schema versions into current ones. */
  readonly upcast?: (event: RecordedEvent) => Event;
  /** Deterministic ids make a repeated command (a seed loaded twice) a no-op at the store. */
  readonly eventId?: (event: Event, index: number) => string;
  readonly maxAttempts?: number;
  /**
   * The command creates the stream (a new runner id): skip reading it on the first attempt and
   * expect no stream. If it exists after all, the conflict makes the retry read it as usual.
   */
  readonly expectNewStream?: boolean;
  /** Truncates the stream to its latest events on every append (AppendOptions.maxCount). */
  readonly maxCount?: number;
  /**
   * Decided states of earlier commands: the stream is then read only after the cached revision,
   * so a command costs the same on a stream of ten events or of a hundred thousand. The read still
   * decides: an entry is "the state as of revision r", and events other writers appended since are
   * folded in before deciding. One cache per store and decider (keys are bare stream ids).
   */
  readonly cache?: DecidedStateCache<State>;
}

export type DeciderCommandResult<Event, State> =
  | { readonly ok: true; readonly events: readonly Event[]; readonly state: State; readonly position: number | null }
  | { readonly ok: false; readonly error: DomainError; readonly state: State };

/** The command kept losing the optimistic-concurrency race; the API answers 409. */
export class ConcurrencyConflictError extends Error {
  constructor(readonly streamId: string, readonly attempts: number) {
    super(`Stream ${streamId} kept changing; gave up after ${attempts} attempts`);
    this.name = 'ConcurrencyConflictError';
  }
}

const asDomainEvent = <Event>(recorded: RecordedEvent): Event => ({ type: recorded.type, data: recorded.data }) as Event;

/**
 * The one way state changes: load the stream, fold it, decide, append with the revision that was
 * read. A concurrent writer makes the append fail; then everything is re-read and re-decided.
 */
export async function executeDeciderCommand<Command, Event extends DomainEvent, State>(
  options: DeciderCommandOptions<Command, Event, State>,
): Promise<DeciderCommandResult<Event, State>> {
  const { store, streamId, decider, context, cache } = options;
  const upcast = options.upcast ?? asDomainEvent<Event>;
  const maxAttempts = options.maxAttempts ?? 8;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const loaded: DecidedState<State> =
      options.expectNewStream && attempt === 1 ? { revision: NO_STREAM_REVISION, state: decider.initialState } : await loadState(options, upcast);
    const { state } = loaded;
    const command = typeof options.command === 'function' ? (options.command as (s: State) => Command)(state) : options.command;
    const decision = decider.decide(command, state);
    if (isDomainError(decision)) return { ok: false, error: decision, state };
    if (decision.length === 0) return { ok: true, events: [], state, position: null };

    const events: EventData[] = decision.map((event, index) => ({
      id: options.eventId?.(event, index) ?? randomUUID(),
      type: event.type,
      data: event.data,
      metadata: metadataFor(event, context, options.schemaVersions),
    }));
    const expectedRevision = loaded.revision === NO_STREAM_REVISION ? 'no_stream' : loaded.revision;
    try {
      const result = await store.appendToStream(streamId, events, options.maxCount === undefined ? { expectedRevision } : { expectedRevision, maxCount: options.maxCount });
      const decided = { revision: loaded.revision + events.length, state: decision.reduce(decider.evolve, state) };
      // An idempotent repeat may report an earlier append's revision; the state is then not known to be that revision's.
      if (result.nextExpectedRevision === decided.revision) cache?.set(streamId, decided);
      return { ok: true, events: decision, state: decided.state, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // A stream shorter than the cached revision: the entry was not this stream's; read it whole.
      if (error.actual < loaded.revision) cache?.delete(streamId);
      // A stream expected to be new simply existed: re-read at once. Otherwise another writer won
      // the race; back off a little, with jitter, before re-reading.
      if (options.expectNewStream && attempt === 1) continue;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
    }
  }
  throw new ConcurrencyConflictError(streamId, maxAttempts);
}

/** The stream's current state: the cached one plus the events after it, or the fold of the whole stream. */
async function loadState<Command, Event extends DomainEvent, State>(
  { store, streamId, decider, cache }: DeciderCommandOptions<Command, Event, State>,
  upcast: (event: RecordedEvent) => Event,
): Promise<DecidedState<State>> {
  const cached = cache?.get(streamId);
  if (cached) {
    const from = cached.revision + 1;
    const tail = await store.readStream(streamId, { fromRevision: from });
    if (tail.length === 0) return cached;
    if (tail[0].revision === from) return remember(cache, streamId, { revision: tail[tail.length - 1].revision, state: tail.map(upcast).reduce(decider.evolve, cached.state) });
    // A tail that does not continue the entry: the entry is not this stream's; read it whole.
    cache?.delete(streamId);
  }
  const recorded = await store.readStream(streamId);
  if (recorded.length === 0) return { revision: NO_STREAM_REVISION, state: decider.initialState };
  return remember(cache, streamId, { revision: recorded[recorded.length - 1].revision, state: fold(decider, recorded.map(upcast)) });
}

/** Also caches what was read: a command that decides nothing (most heartbeats) still saves the next one the fold. */
function remember<State>(cache: DecidedStateCache<State> | undefined, streamId: string, decided: DecidedState<State>): DecidedState<State> {
  cache?.set(streamId, decided);
  return decided;
}

function metadataFor(event: DomainEvent, context: CommandContext, versions: Readonly<Record<string, number>>): Record<string, unknown> {
  const metadata: EventMetadata = {
    occurredAt: context.now,
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId,
    schemaVersion: versions[event.type] ?? 1,
    ...(context.traceparent !== undefined && { traceparent: context.traceparent }),
    ...(context.tracestate !== undefined && { tracestate: context.tracestate }),
  };
  return { ...metadata };
}
