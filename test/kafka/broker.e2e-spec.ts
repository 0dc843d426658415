/**
 * Proves the broker behind KAFKA_BROKERS works with kafkajs 2.2.4: a 3-partition topic, an idempotent
 * producer (acks=-1) sending 100 keyed messages, and a consumer reading them all back, in order per key.
 *
 * KAFKA_BROKERS comes from test/kafka/global-setup.ts (which starts a broker when it is unset).
 * No skip: without a broker this suite fails.
 */
import { randomUUID } from 'node:crypto';
import { Admin, Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

const KEYS = 10;
const PER_KEY = 10;
const TOTAL = KEYS * PER_KEY;

interface Received {
  key: string;
  seq: number;
  partition: number;
  offset: bigint;
}

describe('Kafka broker (kafkajs 2.2.4)', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  const runId = randomUUID().slice(0, 8);
  const topic = `broker-e2e-${runId}`;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    if (brokers.length === 0) {
      throw new Error('KAFKA_BROKERS is not set: run jest with --globalSetup ./test/kafka/global-setup.ts');
    }
    kafka = new Kafka({
      clientId: `broker-e2e-${runId}`,
      brokers,
      logLevel: logLevel.ERROR,
      retry: { retries: 8, initialRetryTime: 200 },
    });
    admin = kafka.admin();
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin) {
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }, 60_000);

  it('creates a topic with 3 partitions', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
      timeout: 20_000,
    });
    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(3);
  }, 60_000);

  it('round-trips 100 keyed messages from an idempotent producer, in order per key', async () => {
    producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();

    // Interleave keys so that per-key order is not just an artefact of batching.
    const sent: Array<{ key: string; seq: number }> = [];
    for (let seq = 0; seq < PER_KEY; seq++) {
      const batch = Array.from({ length: KEYS }, (_, k) => ({ key: `runner-${k}`, seq }));
      sent.push(...batch);
      const acks = await producer.send({
        topic,
        acks: -1,
        messages: batch.map((m) => ({ key: m.key, value: JSON.stringify(m) })),
      });
      expect(acks.every((a) => a.errorCode === 0)).toBe(true);
    }
    expect(sent).toHaveLength(TOTAL);

    const received: Received[] = [];
    let resolveAll!: () => void;
    const allReceived = new Promise<void>((resolve) => (resolveAll = resolve));
    consumer = kafka.consumer({ groupId: `broker-e2e-${runId}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const body = JSON.parse(message.value!.toString()) as { key: string; seq: number };
        expect(message.key!.toString()).toBe(body.key);
        received.push({ key: body.key, seq: body.seq, partition, offset: BigInt(message.offset) });
        if (received.length >= TOTAL) resolveAll();
      },
    });

    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      allReceived,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out: consumed ${received.length} of ${TOTAL} messages`)),
          45_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));

    // Everything exactly once (the idempotent producer must not duplicate).
    expect(received).toHaveLength(TOTAL);
    const ids = new Set(received.map((r) => `${r.key}#${r.seq}`));
    expect(ids.size).toBe(TOTAL);

    // Each key lives on a single partition and comes back in the order it was produced.
    const byKey = new Map<string, Received[]>();
    for (const r of received) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    expect(byKey.size).toBe(KEYS);
    for (const [key, messages] of byKey) {
      expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
      expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: PER_KEY }, (_, i) => i));
      const offsets = messages.map((m) => m.offset);
      expect([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(offsets);
      expect(key).toMatch(/^runner-\d$/);
    }
    // The keys spread over more than one partition, so the ordering check spans partitions.
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
  }, 90_000);
});
