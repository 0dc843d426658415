import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { CompressionTypes, Kafka, logLevel, Message, Partitioners, Producer } from 'kafkajs';
import type { RelayCheckpoint } from './checkpoint';
import { messageKey, schemaVersionOf, toCloudEvent } from './cloud-event';

export const DEFAULT_RELAY_TOPIC = 'runner-registry.runner-events';

/**
 * Tuned with test/bench/relay-bench.ts against a local broker: batches of up to 500 events, sent in
 * produce requests of at most 256 kB (under the broker's default 1 MB message.max.bytes even if the
 * whole request lands in one partition), no compression (its CPU cost is the bottleneck on a busy
 * host, not the network). There is no linger: events are sent as soon as the subscription hands them
 * over; while one batch is in flight the next is read and encoded, and waits its turn.
 *
 * Those sizes keep reading, encoding and the producer's own encoding within a few milliseconds of
 * the event loop each, so a catch-up after an outage interleaves with the API's requests rather
 * than holding them up (2,000 events and 900 kB stalled the loop for tens of milliseconds at a time).
 */
export const RELAY_DEFAULTS = { batchSize: 500, maxRequestBytes: 256_000, initialBackoffMs: 200, maxBackoffMs: 5_000 } as const;

/** The part of a kafkajs Producer the relay uses (a test can pass a fake one). */
export type RelayProducer = Pick<Producer, 'connect' | 'disconnect' | 'send'>;

/** Which step of relaying a batch failed: the produce request, or saving the checkpoint after it. */
export type RelayFailureStage = 'send' | 'checkpoint';

export interface KafkaRelayOptions {
  readonly topic?: string;
  readonly checkpoint: RelayCheckpoint;
  /** Largest number of events read and checkpointed at once; default RELAY_DEFAULTS.batchSize. */
  readonly batchSize?: number;
  /** A batch is split into produce requests of at most this many value bytes; default RELAY_DEFAULTS.maxRequestBytes. */
  readonly maxRequestBytes?: number;
  readonly clientId?: string;
  /** Backoff between attempts at the same batch: doubles from initialMs (200) up to maxMs (5 000). */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  readonly logLevel?: logLevel;
  /** Called on every failed attempt (send or checkpoint save) before the backoff; for logs and metrics. */
  readonly onError?: (error: unknown, attempt: number, stage: RelayFailureStage) => void;
  /** Called once a batch is acknowledged by the broker and checkpointed. */
  readonly onAcknowledged?: (position: number, events: number) => void;
  /** Called once started, with the checkpoint it resumes from (what `position` reports until the first acknowledgement). */
  readonly onStarted?: (position: number) => void;
  /** Awaited before each batch is encoded, with its size: a relay beside a busy service gives way (see ServiceLoopPacer). */
  readonly beforeBatch?: (events: number) => Promise<void>;
  /**
   * Builds a producer (tests pass a fake one). Called again after a failed send: a fresh producer
   * gets a fresh idempotence state, so an outage can never leave the relay stuck on a sequence error.
   */
  readonly producer?: RelayProducer | (() => RelayProducer);
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
 * - Secrets (a key ending in token/digest whose value could hold one, at any depth) never leave:
 *   see stripSecrets.
 *
 * Nothing here is on a request's path: an unreachable broker only delays the relay, never an append.
 */
export class KafkaRelay {
  private readonly topic: string;
  private readonly batchSize: number;
  private readonly newProducer: () => RelayProducer;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private producer: RelayProducer | undefined;
  private subscription: Subscription | undefined;
  private connected = false;
  private stopping = false;
  private wakeBackoff: (() => void) | undefined;
  private lastAcknowledged = 0;
  /** The batch being sent and checkpointed; the next one waits for it (order), but is encoded meanwhile. */
  private inFlight: Promise<void> = Promise.resolve();
  private readonly maxRequestBytes: number;

  constructor(
    private readonly store: EventStore,
    brokers: readonly string[],
    private readonly options: KafkaRelayOptions,
  ) {
    this.topic = options.topic ?? DEFAULT_RELAY_TOPIC;
    this.batchSize = options.batchSize ?? RELAY_DEFAULTS.batchSize;
    this.maxRequestBytes = options.maxRequestBytes ?? RELAY_DEFAULTS.maxRequestBytes;
    this.initialBackoffMs = options.retry?.initialMs ?? RELAY_DEFAULTS.initialBackoffMs;
    this.maxBackoffMs = options.retry?.maxMs ?? RELAY_DEFAULTS.maxBackoffMs;
    const given = options.producer;
    if (given) {
      this.newProducer = typeof given === 'function' ? given : () => given;
    } else {
      const kafka = new Kafka({
        clientId: options.clientId ?? 'runner-registry-relay',
        brokers: [...brokers],
        logLevel: options.logLevel ?? logLevel.NOTHING,
        // A few quick retries inside kafkajs (a leader moving); anything longer is the relay's backoff.
        retry: { initialRetryTime: 100, retries: 3, maxRetryTime: 1_000 },
        connectionTimeout: 3_000,
      });
      this.newProducer = () =>
        kafka.producer({
          idempotent: true, // implies acks=-1
          maxInFlightRequests: 1,
          createPartitioner: Partitioners.DefaultPartitioner,
        });
    }
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
    this.options.onStarted?.(this.lastAcknowledged);
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
    await this.inFlight;
    await this.dropProducer();
  }

  /**
   * The subscription's handler: encodes the batch, waits until the previous batch is acknowledged and
   * checkpointed, then starts sending this one and returns, so that the subscription reads and encodes
   * the next batch while the broker works. One batch in flight at a time keeps the order.
   */
  private async relay(batch: readonly RecordedEvent[]): Promise<void> {
    if (batch.length === 0) return;
    // Reading the batch was one turn of the loop; encoding it is the next, with requests between.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.options.beforeBatch?.(batch.length);
    const requests = this.toRequests(batch);
    await this.inFlight;
    if (this.stopping) return;
    this.inFlight = this.sendAndCheckpoint(batch, requests);
  }

  /** Never rejects: failures are retried until they succeed or the relay stops. */
  private async sendAndCheckpoint(batch: readonly RecordedEvent[], requests: readonly Message[][]): Promise<void> {
    for (const messages of requests) {
      const sent = await this.withRetry('send', async () => {
        const producer = (this.producer ??= this.newProducer());
        if (!this.connected) {
          await producer.connect();
          this.connected = true;
        }
        try {
          await producer.send({ topic: this.topic, acks: -1, compression: CompressionTypes.None, messages });
        } catch (error) {
          // Not awaited: disconnecting from a dead broker can take as long as a connection timeout.
          void this.dropProducer();
          throw error;
        }
      });
      if (!sent) return;
    }
    const position = batch[batch.length - 1].position;
    // Acknowledged: save the checkpoint even when the relay is stopping (once, at least), or a graceful
    // stop would send this batch again after the restart.
    if (!(await this.withRetry('checkpoint', () => this.options.checkpoint.save(position), { evenWhenStopping: true }))) return;
    this.lastAcknowledged = position;
    this.options.onAcknowledged?.(position, batch.length);
  }

  /** The batch's messages, cut into produce requests of at most maxRequestBytes of values each. */
  private toRequests(batch: readonly RecordedEvent[]): Message[][] {
    const requests: Message[][] = [];
    let current: Message[] = [];
    let bytes = 0;
    for (const event of batch) {
      const message = this.toMessage(event);
      const size = Buffer.byteLength(message.value as string) + 200; // key, headers and record overhead
      if (current.length > 0 && bytes + size > this.maxRequestBytes) {
        requests.push(current);
        current = [];
        bytes = 0;
      }
      current.push(message);
      bytes += size;
    }
    if (current.length > 0) requests.push(current);
    return requests;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    const connected = this.connected;
    this.producer = undefined;
    this.connected = false;
    if (producer && connected) await producer.disconnect().catch(() => undefined);
  }

  /** true once `attempt` succeeded; false if the relay was stopped first (after one attempt with `evenWhenStopping`). */
  private async withRetry(stage: RelayFailureStage, attempt: () => Promise<void>, options: { evenWhenStopping?: boolean } = {}): Promise<boolean> {
    for (let failures = 0; !this.stopping || (options.evenWhenStopping && failures === 0); ) {
      try {
        await attempt();
        return true;
      } catch (error) {
        failures++;
        this.options.onError?.(error, failures, stage);
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
