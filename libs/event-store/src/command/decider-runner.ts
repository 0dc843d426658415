import { KeyedSerializer } from '@app/common/keyed-serializer';
import type { Decider, DomainError, DomainEvent } from '@app/domain';
import type { EventStore } from '../event-store.port';
import { DecidedStateCache } from './decided-state-cache';
import type { CommandTracing } from './command-tracing';
import { ConcurrencyConflictError, executeDeciderCommand, type CommandContext, type DeciderCommandResult } from './decider-command';

/** How a command ended: its events appended (or none needed), refused by the rules, lost the concurrency race, or failed. */
export type CommandOutcome = 'ok' | 'refused' | 'conflict' | 'error';

/** Told of every command the runner ran, by the command's `type` (metrics). */
export type CommandObserver = (commandType: string, outcome: CommandOutcome) => void;

/** What the runner needs to know about one decider: the decider itself and its events' schema versions. */
export interface DeciderBinding<Command, Event extends DomainEvent, State> {
  readonly decider: Decider<Command, Event, State>;
  readonly schemaVersions: Readonly<Record<string, number>>;
  /** The stream keeps only its latest `maxCount` events (AppendOptions.maxCount); absent, it keeps them all. */
  readonly maxCount?: number;
}

export interface DeciderRun<Command, Event extends DomainEvent, State> extends DeciderBinding<Command, Event, State> {
  readonly streamId: string;
  /** A function is called with the freshly loaded state, so a retry after a conflict decides on new facts. */
  readonly command: Command | ((state: State) => Command);
  readonly context: CommandContext;
  /** Deterministic ids make a repeated command (a seed loaded twice, a redelivered message) a no-op at the store. */
  readonly eventId?: (event: Event, index: number) => string;
  /** The command creates the stream: skip the first read (see executeDeciderCommand). */
  readonly expectNewStream?: boolean;
  /** A rule that spans streams, checked against the query models before deciding (unique usernames…). */
  readonly precondition?: () => DomainError | null;
  /**
   * 'wait' (default): resolve once the query models show the new events, so a client that got a
   * 2xx sees its write on its next read. 'deferred': the caller waits once for a whole batch.
   */
  readonly visibility?: 'wait' | 'deferred';
}

/**
 * The one way a command changes state: commands on one stream run in turn inside this process
 * (a burst of PUTs on one runner must not end in conflicts), each loads, decides and appends with
 * optimistic concurrency (executeDeciderCommand), and the caller learns of success only once the
 * query models can show it. A ConcurrencyConflictError (retries exhausted) is left to the edge
 * that knows what it means: a 409 over HTTP, a redelivery on Kafka, the next tick for a timer.
 *
 * Each kind of stream (each decider) keeps a bounded cache of decided states, so a command on a
 * stream with a long history reads and folds only the events after the cached revision. The read
 * is still the authority: another replica's appends are in the tail, and a lost race re-reads.
 */
export class DeciderRunner {
  private readonly perStream = new KeyedSerializer();
  private readonly caches = new Map<object, DecidedStateCache<unknown>>();

  constructor(
    private readonly store: EventStore,
    /** Resolves once the query models hold everything up to `position`. */
    readonly visibleAt: (position: number) => Promise<void>,
    /** Streams per decider whose state is kept; 0 reads every stream whole, every time. */
    private readonly cacheEntries = 10_000,
    private readonly observe?: CommandObserver,
    /** With tracing on (OTEL_EXPORTER_OTLP_ENDPOINT), each command runs in its own span. */
    private readonly tracing?: CommandTracing,
  ) {}

  async run<Command, Event extends DomainEvent, State>(run: DeciderRun<Command, Event, State>): Promise<DeciderCommandResult<Event, State>> {
    if (!this.tracing) return this.runObserved(run);
    return this.tracing(typeOf(run.command), run.streamId, run.context, (context) => this.runObserved({ ...run, context }));
  }

  private async runObserved<Command, Event extends DomainEvent, State>(run: DeciderRun<Command, Event, State>): Promise<DeciderCommandResult<Event, State>> {
    if (!this.observe) return this.runUnobserved(run);
    // A command built from the state has its type only once built.
    let type = typeOf(run.command);
    const command =
      typeof run.command === 'function'
        ? (state: State) => {
            const built = (run.command as (state: State) => Command)(state);
            type = typeOf(built);
            return built;
          }
        : run.command;
    try {
      const result = await this.runUnobserved({ ...run, command });
      this.observe(type, result.ok ? 'ok' : 'refused');
      return result;
    } catch (error) {
      this.observe(type, error instanceof ConcurrencyConflictError ? 'conflict' : 'error');
      throw error;
    }
  }

  private async runUnobserved<Command, Event extends DomainEvent, State>(run: DeciderRun<Command, Event, State>): Promise<DeciderCommandResult<Event, State>> {
    const result = await this.perStream.run(run.streamId, () => {
      const refusal = run.precondition?.();
      if (refusal) return Promise.resolve({ ok: false as const, error: refusal, state: run.decider.initialState });
      return executeDeciderCommand({
        store: this.store,
        streamId: run.streamId,
        decider: run.decider,
        command: run.command,
        context: run.context,
        schemaVersions: run.schemaVersions,
        eventId: run.eventId,
        expectNewStream: run.expectNewStream,
        maxCount: run.maxCount,
        cache: this.cacheFor<State>(run.decider),
      });
    });
    if (result.ok && result.position !== null && run.visibility !== 'deferred') await this.visibleAt(result.position);
    return result;
  }

  /** One cache per decider: stream ids are only unique within one kind of stream's states. */
  private cacheFor<State>(decider: object): DecidedStateCache<State> | undefined {
    if (this.cacheEntries <= 0) return undefined;
    let cache = this.caches.get(decider);
    if (!cache) this.caches.set(decider, (cache = new DecidedStateCache({ maxEntries: this.cacheEntries })));
    return cache as DecidedStateCache<State>;
  }
}

function typeOf(command: unknown): string {
  const type = typeof command === 'object' && command !== null ? (command as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : 'unknown';
}
