/**
 * Shared by the inbound consumer specs: unique topics per test on the real broker (KAFKA_BROKERS),
 * a running service consuming them (startTestApp), a producer, CloudEvent builders and a collector
 * for the dead-letter topic. Waits are event-driven or bounded polls, never timed assertions.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { InboundConsumersService } from '../../apps/runner-registry/src/inbound-consumers.service';
import type { MessageOutcome } from '@app/kafka/inbound/inbound-consumer';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

export const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: jest global setup (test/kafka/global-setup.ts) provides it');

export const kafka = new Kafka({ clientId: `consumer-e2e-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 200 } });

export const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface InboundTopics {
  readonly directory: string;
  readonly jobs: string;
  readonly deadLetter: string;
  readonly runnerEvents: string;
  readonly group: string;
}

/** Fresh topic names (and consumer group), created with `partitions` partitions each. */
export async function createInboundTopics(partitions = 1): Promise<InboundTopics> {
  const id = randomUUID().slice(0, 8);
  const topics: InboundTopics = {
    directory: `consumer-e2e-${id}.directory-events`,
    jobs: `consumer-e2e-${id}.job-events`,
    deadLetter: `consumer-e2e-${id}.dead-letter`,
    runnerEvents: `consumer-e2e-${id}.runner-events`,
    group: `consumer-e2e-${id}`,
  };
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [topics.directory, topics.jobs, topics.deadLetter, topics.runnerEvents].map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
  return topics;
}

export async function deleteInboundTopics(topics: InboundTopics | undefined, ...others: string[]): Promise<void> {
  if (!topics) return;
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topics.directory, topics.jobs, topics.deadLetter, topics.runnerEvents, ...others], timeout: 10_000 }).catch(() => undefined);
  await admin.disconnect();
}

export interface ProcessedMessage {
  readonly outcome: MessageOutcome;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** A running service consuming `topics`, and a record of what its consumer did with each message. */
export interface ConsumingApp extends TestApp {
  readonly processed: ProcessedMessage[];
  /** Resolves once `count` messages of `topic` have been processed (applied, unchanged, duplicate or dead-lettered). */
  processedCount(topic: string, count: number, timeoutMs?: number): Promise<ProcessedMessage[]>;
}

export async function startConsumingApp(topics: InboundTopics, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<ConsumingApp> {
  const app = await startTestApp(
    {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_DIRECTORY_EVENTS: topics.directory,
      KAFKA_TOPIC_JOB_EVENTS: topics.jobs,
      KAFKA_TOPIC_DEAD_LETTER: topics.deadLetter,
      KAFKA_TOPIC_RUNNER_EVENTS: topics.runnerEvents,
      KAFKA_CONSUMER_GROUP: topics.group,
      ...env,
    },
    options,
  );
  const service = app.app.get(InboundConsumersService);
  const processed: ProcessedMessage[] = [];
  const waiters = new Set<() => void>();
  service.consumer.listeners.add((outcome, source) => {
    processed.push({ outcome, topic: source.topic, partition: source.partition, offset: source.offset });
    for (const wake of waiters) wake();
  });
  return {
    ...app,
    processed,
    processedCount(topic, count, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const ofTopic = processed.filter((p) => p.topic === topic);
          if (ofTopic.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(ofTopic);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out: ${processed.filter((p) => p.topic === topic).length} of ${count} messages of ${topic} processed`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** A describe block's consuming service, as consumerSuite sets it up. */
export interface ConsumerSuite {
  readonly topics: InboundTopics;
  readonly app: ConsumingApp;
  readonly store: EventStore;
  /** Publishes to the suite's inbound topic (a plain function: `const { send } = suite` works) and resolves, once all are processed, with what the consumer did with each. */
  send(...messages: OutboundMessage[]): Promise<MessageOutcome[]>;
  /** How many messages send() published so far (what a new consumer group reads again). */
  readonly published: number;
  /** Stops the running service and starts another consuming `topics` (e.g. a new consumer group on the same DATA_DIR). */
  restart(topics: InboundTopics, env?: Record<string, string>): Promise<void>;
}

/**
 * The setup every consumer spec shares: fresh topics (`partitions` each) and one consuming service
 * for the describe block that calls it (started in beforeAll, closed in afterAll, topics deleted).
 * Read `app`, `store` and `topics` inside tests and hooks, not at describe time.
 */
export function consumerSuite(inbound: 'directory' | 'jobs', options: { partitions?: number; env?: Record<string, string>; app?: TestAppOptions } = {}): ConsumerSuite {
  let topics: InboundTopics | undefined;
  let app: ConsumingApp | undefined;
  let published = 0;
  const created = (): InboundTopics => {
    if (!topics) throw new Error('consumerSuite: topics are created in beforeAll');
    return topics;
  };
  const started = (): ConsumingApp => {
    if (!app) throw new Error('consumerSuite: the service starts in beforeAll; read it inside tests');
    return app;
  };
  beforeAll(async () => {
    topics = await createInboundTopics(options.partitions ?? 3);
    app = await startConsumingApp(topics, options.env, options.app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await disconnectProducer();
    await deleteInboundTopics(topics);
  }, 60_000);
  return {
    get topics() {
      return created();
    },
    get app() {
      return started();
    },
    get store() {
      return started().app.get<symbol, EventStore>(EVENT_STORE);
    },
    get published() {
      return published;
    },
    async send(...messages) {
      const topic = created()[inbound];
      await publish(topic, ...messages);
      published += messages.length;
      return (await started().processedCount(topic, published)).slice(-messages.length).map((p) => p.outcome);
    },
    async restart(next, env = {}) {
      await started().stop();
      app = await startConsumingApp(next, env, options.app);
    },
  };
}

export interface CloudEventInit {
  readonly id?: string;
  readonly source?: string;
  readonly time?: string;
  readonly [extension: string]: unknown;
}

/** An inbound CloudEvent (structured JSON mode) as a producer on the GitLab side would send it. */
export function cloudEvent(type: string, data: unknown, init: CloudEventInit = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'gitlab.example.com/directory-sync',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    type,
    data,
    ...init,
  };
}

export interface OutboundMessage {
  readonly key: string | null;
  /** An object is sent as JSON, a string as is. */
  readonly value: unknown;
  readonly headers?: IHeaders;
}

let sharedProducer: Producer | undefined;
export async function publish(topic: string, ...messages: OutboundMessage[]): Promise<void> {
  if (!sharedProducer) {
    sharedProducer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await sharedProducer.connect();
  }
  await sharedProducer.send({
    topic,
    acks: -1,
    messages: messages.map((m) => ({ key: m.key, value: typeof m.value === 'string' ? m.value : JSON.stringify(m.value), headers: m.headers })),
  });
}

export async function disconnectProducer(): Promise<void> {
  await sharedProducer?.disconnect();
  sharedProducer = undefined;
}

export interface CollectedMessage {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
  readonly partition: number;
  readonly offset: string;
}

/** Reads a topic from the beginning into `messages`. */
export class TopicCollector {
  readonly messages: CollectedMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private constructor(private readonly consumer: Consumer) {}

  static async start(topic: string): Promise<TopicCollector> {
    const consumer = kafka.consumer({ groupId: `collector-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const collector = new TopicCollector(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, header] of Object.entries(message.headers ?? {})) headers[name] = String(header);
        collector.messages.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, partition, offset: message.offset });
        for (const wake of collector.waiters) wake();
      },
    });
    return collector;
  }

  waitForCount(count: number, timeoutMs = 30_000): Promise<CollectedMessage[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.messages.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.messages);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out: ${this.messages.length} of ${count} messages collected`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /**
   * The collected messages whose value holds each given CloudEvent id, in the order of the ids:
   * a test's own dead letters, whatever earlier tests left on the topic.
   */
  async waitForEvents(ids: readonly string[], timeoutMs = 30_000): Promise<CollectedMessage[]> {
    const find = () => ids.map((id) => this.messages.find((m) => m.value?.includes(`"${id}"`)));
    const deadline = Date.now() + timeoutMs;
    for (let found = find(); ; found = find()) {
      if (found.every((m) => m !== undefined)) return found as CollectedMessage[];
      if (Date.now() > deadline) throw new Error(`timed out: ${found.filter(Boolean).length} of ${ids.length} messages collected`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
