import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { Kafka, logLevel, Message, Partitioners, Producer } from 'kafkajs';
import type { RelayCheckpoint } from './checkpoint';
import { messageKey, schemaVersionOf, toCloudEvent } from './cloud-event';

export const DEFAULT_RELAY_TOPIC = 'runner-registry.runner-events';

/** The part of a kafkajs Producer the relay uses (a test can pass a fake one). */
export type RelayProducer = Pick<Producer, 'connect' | 'disconnect' | 'send'>;

export interface KafkaRelayOptions {
  readonly topic?: string;
  readonly checkpoint: RelayCheckpoint;
  /** Largest number of events sent in one producer.send(); default 100. */
  readonly batchSize?: number;
  readonly clientId?: string;
  /** Backoff between attempts at the same batch: doubles from initialMs (200) up to maxMs (10 000). */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  readonly logLevel?: logLevel;
  /** Called on every failed attempt (send or checkpoint save) before the backoff; for logs and metrics. */
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Used instead of a producer built from the brokers (tests). */
  readonly producer?: RelayProducer;
}

/**
 * Relays the event store's `$all` to a Kafka topic, one CloudEvents 1.0 (structured JSON) message per
 * event, at least once and in order:
 *
 * - It subscribes to `$all` after the checkpoint and sends each batch with one send() of an idempotent
 *   producer (acks=-1, one request in flight), so events of one key land in their partition in order.
 * - The checkpoint is saved only after the broker acknowledged the whole batch.
 * - A failed send is retried, the same batch, with backoff, until it succeeds or the relay stops; the
 *   subscription waits meanwhile, so nothing is skipped or reordered. A batch whose send failed
 *   half-way may reach the topic twice: consumers dedupe on the `event-id` header / CloudEvent id.
 * - Secrets (any key matching /token|digest/i, at any depth) never leave: see stripSecrets.
 */
export class KafkaRelay {
  private readonly topic: string;
  private readonly batchSize: number;
  private readonly producer: RelayProducer;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private subscription: Subscription | undefined;
  private connected = false;
  private stopping = false;
  private wakeBackoff: (() => void) | undefined;
  private lastAcknowledged = 0;

  constructor(
    private readonly store: EventStore,
    brokers: readonly string[],
    private readonly options: KafkaRelayOptions,
  ) {
    this.topic = options.topic ?? DEFAULT_RELAY_TOPIC;
    this.batchSize = options.batchSize ?? 100;
    this.initialBackoffMs = options.retry?.initialMs ?? 200;
    this.maxBackoffMs = options.retry?.maxMs ?? 10_000;
    this.producer =
      options.producer ??
      new Kafka({
        clientId: options.clientId ?? 'runner-registry-relay',
        brokers: [...brokers],
        logLevel: options.logLevel ?? logLevel.ERROR,
        retry: { initialRetryTime: 100, retries: 5 },
      }).producer({
        idempotent: true, // implies acks=-1
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
  }

  /** Position of the last event the broker acknowledged (and the checkpoint holds) in this run. */
  get position(): number {
    return this.lastAcknowledged;
  }

  /** Rejects if the relay stopped on an unexpected error (a failing send never does: it is retried). */
  get done(): Promise<void> {
    return this.subscription?.done ?? Promise.resolve();
  }

  /** Resolves once subscribed; the broker may still be unreachable (sends are retried until it is). */
  async start(): Promise<void> {
    if (this.subscription) throw new Error('KafkaRelay already started');
    this.stopping = false;
    this.lastAcknowledged = await this.options.checkpoint.load();
    this.subscription = this.store.subscribeToAll({ after: this.lastAcknowledged, batchSize: this.batchSize }, (batch) =>
      this.relay(batch),
    );
  }

  /**
   * Ends a backoff in progress, waits for the batch in flight, disconnects. A batch not acknowledged
   * by then is not checkpointed, so the next start sends it again. Do not call it from a checkpoint's save().
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeBackoff?.();
    await this.subscription?.stop();
    this.subscription = undefined;
    if (this.connected) {
      this.connected = false;
      await this.producer.disconnect().catch(() => undefined);
    }
  }

  private async relay(batch: readonly RecordedEvent[]): Promise<void> {
    if (batch.length === 0) return;
    const messages = batch.map((event) => this.toMessage(event));
    const sent = await this.withRetry(async () => {
      if (!this.connected) {
        await this.producer.connect();
        this.connected = true;
      }
      await this.producer.send({ topic: this.topic, acks: -1, messages });
    });
    if (!sent) return;
    const position = batch[batch.length - 1].position;
    if (!(await this.withRetry(() => this.options.checkpoint.save(position)))) return;
    this.lastAcknowledged = position;
  }

  /** true once `attempt` succeeded; false if the relay was stopped first. */
  private async withRetry(attempt: () => Promise<void>): Promise<boolean> {
    for (let failures = 0; !this.stopping; ) {
      try {
        await attempt();
        return true;
      } catch (error) {
        failures++;
        this.options.onError?.(error, failures);
        await this.backoff(Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (failures - 1)));
      }
    }
    return false;
  }

  private backoff(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeBackoff = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeBackoff = wake;
    });
  }

  private toMessage(event: RecordedEvent): Message {
    return {
      key: messageKey(event.streamId),
      value: JSON.stringify(toCloudEvent(event)),
      headers: {
        'event-id': event.id,
        'schema-version': String(schemaVersionOf(event)),
        'content-type': 'application/cloudevents+json; charset=UTF-8',
      },
    };
  }
}
