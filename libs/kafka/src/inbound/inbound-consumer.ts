import { Kafka, logLevel, Partitioners, type Consumer, type EachMessagePayload, type Producer } from 'kafkajs';
import { deterministicUuid } from '@app/common/deterministic-uuid';
import { parseInboundCloudEvent } from './cloud-event-envelope';
import { deadLetterMessage, type SourceMessage } from './dead-letter';
import type { InboundTopicHandler } from './inbound-handler';
import { InboundRejection } from './inbound-rejection';
import type { UnchangedMessageLedger } from './unchanged-message-ledger';

export interface InboundConsumerOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
  /** Topic name to the handler of its contract. */
  readonly handlers: ReadonlyMap<string, InboundTopicHandler>;
  readonly deadLetterTopic: string;
  readonly ledger: UnchangedMessageLedger;
  readonly now: () => Date;
  readonly log: InboundLog;
  /** Backoff between attempts at a message that failed transiently: doubles from initialMs up to maxMs. */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Partitions processed at once (each one strictly in order). */
  readonly partitionsConsumedConcurrently?: number;
}

export interface InboundLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type MessageOutcome = 'applied' | 'unchanged' | 'duplicate' | 'dead-lettered';

/**
 * One consumer-group member for the inbound topics. Per message, in partition order:
 *
 * 1. parse the CloudEvent and let the topic's handler validate and map it (InboundRejection: the
 *    message can never be applied → dead letter, commit, next message);
 * 2. skip it if the ledger says it already changed nothing once (the ledger is reloaded from the
 *    store whenever partitions are assigned, so what another member recorded counts too);
 * 3. apply it with event ids derived from (source, id, stream, index): a redelivered message that
 *    changed something appends nothing, the store recognising the ids;
 * 4. a message that changed nothing is recorded in the ledger;
 * 5. offsets are committed per batch (kafkajs): after a crash or a rebalance, the uncommitted tail
 *    comes again, and steps 2 and 3 make every message of it change nothing the second time.
 *
 * Any other failure (store or broker down…) is transient: the same message is retried with backoff,
 * heartbeating meanwhile, and never skipped; other partitions go on.
 */
export class InboundConsumer {
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private stopping = false;
  private starting: Promise<void> | undefined;
  /** The ledger reload for the current group generation; null: reload before the next message. */
  private ledgerReload: Promise<void> | null = null;
  private readonly wakeups = new Set<() => void>();
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  /** Observers of every processed message (metrics, tests). */
  readonly listeners = new Set<(outcome: MessageOutcome, source: SourceMessage) => void>();
  /** Observers of every failed attempt that will be retried (metrics, tests). */
  readonly retryListeners = new Set<(error: unknown, source: SourceMessage, attempt: number) => void>();

  constructor(private readonly options: InboundConsumerOptions) {
    this.initialBackoffMs = options.retry?.initialMs ?? 200;
    this.maxBackoffMs = options.retry?.maxMs ?? 10_000;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 200, retries: 5 },
    });
  }

  /** Connects and consumes; a broker that cannot be reached yet is retried in the background. */
  start(): void {
    this.stopping = false;
    this.starting = this.startWithRetry();
  }

  /**
   * Waits for the message in hand, then leaves the group, but at most STOP_TIMEOUT_MS: a consumer
   * caught in a rebalance (a member that died without leaving holds it up to the session timeout)
   * would otherwise hold the whole shutdown. Giving up is safe: appends are atomic and idempotent,
   * and a message whose offset was not committed is delivered again.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakeups) wake();
    // A start in progress notices `stopping` after its current step and disconnects what it made.
    await withinStopTimeout(this.starting);
    await withinStopTimeout(this.consumer?.disconnect());
    await withinStopTimeout(this.producer?.disconnect());
    this.consumer = undefined;
    this.producer = undefined;
  }

  private async startWithRetry(): Promise<void> {
    for (let failures = 0; !this.stopping; failures++) {
      try {
        await this.connect();
        return;
      } catch (error) {
        this.options.log.warn(`Inbound Kafka consumer could not start (attempt ${failures + 1}): ${describe(error)}`);
        await this.consumer?.disconnect().catch(() => undefined);
        await this.producer?.disconnect().catch(() => undefined);
        await this.backoff(failures + 1);
      }
    }
  }

  private async connect(): Promise<void> {
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    if (await this.disconnectedForStop()) return;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // A stop waits for the fetch in flight, which the broker holds open up to this long when there is
      // nothing to read (kafkajs's default, 5 s, made an idle service take up to 5 s to stop); a message
      // still comes back as soon as it is there, an idle consumer only asks twice a second.
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    });
    this.consumer = consumer;
    // Partitions (re)assigned: another member may have recorded their unchanged messages meanwhile.
    consumer.on(consumer.events.GROUP_JOIN, () => (this.ledgerReload = null));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts by itself after retriable errors; otherwise start over from scratch.
      this.options.log.error(`Inbound Kafka consumer crashed: ${describe(payload.error)}${payload.restart ? ' (restarting)' : ''}`);
      if (!payload.restart && !this.stopping) void this.restart();
    });
    await consumer.connect();
    if (await this.disconnectedForStop()) return;
    // A group with no committed offsets starts at the beginning: nothing published before the first start is lost.
    await consumer.subscribe({ topics: [...this.options.handlers.keys()], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: (payload) => this.handleWithRetry(payload),
    });
    if (await this.disconnectedForStop()) return;
    this.options.log.info(`Consuming ${[...this.options.handlers.keys()].join(', ')} as group ${this.options.groupId}`);
  }

  /** stop() may have run while a connect step was pending: leave nothing connected behind it. */
  private async disconnectedForStop(): Promise<boolean> {
    if (!this.stopping) return false;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    return true;
  }

  private async restart(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.backoff(1);
    if (!this.stopping) await (this.starting = this.startWithRetry());
  }

  private async handleWithRetry(payload: EachMessagePayload): Promise<void> {
    const source: SourceMessage = {
      topic: payload.topic,
      partition: payload.partition,
      offset: payload.message.offset,
      key: payload.message.key,
      value: payload.message.value,
      headers: payload.message.headers,
    };
    for (let failures = 0; ; failures++) {
      if (this.stopping) throw new Error('Inbound consumer stopping; the message stays uncommitted');
      try {
        const outcome = await this.handle(source);
        notify(this.listeners, (listener) => listener(outcome, source));
        return;
      } catch (error) {
        this.options.log.warn(`${where(source)} failed (attempt ${failures + 1}), retrying: ${describe(error)}`);
        notify(this.retryListeners, (listener) => listener(error, source, failures + 1));
        await payload.heartbeat().catch(() => undefined);
        await this.backoff(failures + 1);
      }
    }
  }

  /** Throws only transient errors. */
  private async handle(source: SourceMessage): Promise<MessageOutcome> {
    const handler = this.options.handlers.get(source.topic)!;
    await this.freshLedger();
    try {
      const event = parseInboundCloudEvent(source.value);
      const prepared = handler.prepare(event);
      const messageId = `${event.source} ${event.id}`;
      if (this.options.ledger.has(prepared.streamId, messageId)) return 'duplicate';
      const changed = await prepared.apply((index) => deterministicUuid(`kafka-inbound:${messageId}:${prepared.streamId}:${index}`));
      if (!changed) await this.options.ledger.record(prepared.streamId, messageId);
      return changed ? 'applied' : 'unchanged';
    } catch (error) {
      if (!(error instanceof InboundRejection)) throw error;
      await this.deadLetter(source, error);
      return 'dead-lettered';
    }
  }

  private freshLedger(): Promise<void> {
    this.ledgerReload ??= this.options.ledger.reload().catch((error: unknown) => {
      this.ledgerReload = null;
      throw error;
    });
    return this.ledgerReload;
  }

  private async deadLetter(source: SourceMessage, rejection: InboundRejection): Promise<void> {
    // The value is never logged: it may be exactly what was refused (a plaintext token).
    this.options.log.warn(`${where(source)} dead-lettered to ${this.options.deadLetterTopic}: ${rejection.message}`);
    if (!this.producer) throw new Error('Inbound consumer has no producer for the dead-letter topic');
    await this.producer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [deadLetterMessage(source, rejection, this.options.groupId, this.options.now())],
    });
  }

  private backoff(attempt: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const ms = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (attempt - 1));
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeups.add(wake);
    });
  }
}

const where = (source: SourceMessage): string => `${source.topic}[${source.partition}]@${source.offset}`;
const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** An observer's failure must not make a processed message look failed (and retried). */
function notify<T>(listeners: ReadonlySet<T>, call: (listener: T) => void): void {
  for (const listener of listeners) {
    try {
      call(listener);
    } catch {
      // ignored on purpose
    }
  }
}

const STOP_TIMEOUT_MS = 5_000;
const FETCH_MAX_WAIT_MS = 500;

async function withinStopTimeout(disconnect: Promise<void> | undefined): Promise<void> {
  if (!disconnect) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, STOP_TIMEOUT_MS);
    timer.unref();
  });
  await Promise.race([disconnect.catch(() => undefined), timeout]);
  clearTimeout(timer);
}
