/**
 * KafkaRelay against a real broker (KAFKA_BROKERS, from test/kafka/global-setup.ts) and a real SQLite
 * event store in a temp dir: every event reaches the topic as a CloudEvent, in stream order per key,
 * without any token digest; a relay stopped mid-way and restarted on the same checkpoint leaves no gap.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, RecordedEvent, SqliteEventStore } from '@app/event-store';
import { FileCheckpoint, KafkaRelay, RelayCheckpoint } from '@app/kafka';
import { Admin, Consumer, Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
const RUNNERS = [11, 12, 13, 14];

interface Received {
  key: string;
  partition: number;
  value: string;
  headers: Record<string, string>;
  event: { id: string; subject: string; [attribute: string]: unknown };
}

/** Collects a topic from the beginning; waitFor() resolves as soon as a condition holds (no polling sleeps). */
class TopicCollector {
  readonly messages: Received[] = [];
  private waiters: Array<() => void> = [];
  constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicCollector> {
    const consumer = kafka.consumer({ groupId: `relay-e2e-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const collector = new TopicCollector(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = message.value!.toString();
        const headers: Record<string, string> = {};
        for (const [name, header] of Object.entries(message.headers ?? {})) headers[name] = String(header);
        collector.messages.push({ key: message.key!.toString(), partition, value, headers, event: JSON.parse(value) });
        for (const wake of collector.waiters) wake();
      },
    });
    return collector;
  }

  ids(): Set<string> {
    return new Set(this.messages.map((m) => m.event.id));
  }

  waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}: ${this.messages.length} messages consumed`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

const digest = (): string => `sha256:${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`;

function metadata(actor: Record<string, unknown>): Record<string, unknown> {
  return {
    occurredAt: new Date().toISOString(),
    actor,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
  };
}

function event(type: string, data: Record<string, unknown>, actor: Record<string, unknown> = { type: 'user', id: 1 }): EventData {
  return { id: randomUUID(), type, data, metadata: metadata(actor) };
}

/** A realistic history for one runner: registered (with its token digest), assigned, paused, token reset, details. */
function runnerHistory(runnerId: number, round: number): EventData[] {
  const now = new Date().toISOString();
  if (round === 0) {
    return [
      event('RunnerRegistered', {
        runnerId,
        runnerType: 'project_type',
        groupId: null,
        ownerProjectId: 100 + runnerId,
        projectIds: [100 + runnerId],
        paused: false,
        name: `runner-${runnerId}`,
        creationState: 'finished',
        creatorId: null,
        tokenDigest: digest(),
        tokenExpiresAt: null,
        registeredAt: now,
      }, { type: 'system', name: 'registration' }),
      event('RunnerAssignedToProject', { runnerId, projectId: 200 + runnerId, assignedAt: now }),
      event('RunnerPaused', { runnerId, pausedAt: now }),
      event('RunnerAuthenticationTokenReset', { runnerId, tokenDigest: digest(), tokenExpiresAt: now, resetAt: now }, { type: 'runner', id: runnerId }),
    ];
  }
  return [
    event('RunnerResumed', { runnerId, resumedAt: now }),
    event('RunnerDetailsChanged', { runnerId, changes: { description: `round ${round}`, tagList: ['docker'] }, changedAt: now }),
    event('RunnerAuthenticationTokenReset', { runnerId, tokenDigest: digest(), tokenExpiresAt: null, resetAt: now }, { type: 'runner', id: runnerId }),
  ];
}

function directoryHistory(): EventData[] {
  return [
    event('UserProvisioned', { userId: 7, username: 'alice', tokens: [{ tokenDigest: digest(), scopes: ['api'] }] }, { type: 'system', name: 'seed' }),
    event('PersonalAccessTokenIssued', { userId: 7, tokenDigest: digest(), scopes: ['create_runner'], expiresAt: null }),
    event(
      'GroupProvisioned',
      { groupId: 3, path: 'platform', registrationTokenDigest: digest(), allowRunnerRegistrationToken: false, runnerTokenExpirationInterval: 3600 },
      { type: 'system', name: 'seed' },
    ),
    event('ProjectProvisioned', { projectId: 111, groupId: 3, path: 'platform/api', registrationTokenDigest: digest() }, { type: 'system', name: 'seed' }),
  ];
}

/** Appends one round to every stream, interleaving streams so that batches mix keys. */
async function appendRound(store: SqliteEventStore, round: number): Promise<void> {
  const perStream: Array<[string, EventData[]]> = RUNNERS.map((id) => [`runner-${id}`, runnerHistory(id, round)]);
  if (round === 0) perStream.push(['directory', directoryHistory()]);
  const longest = Math.max(...perStream.map(([, events]) => events.length));
  for (let i = 0; i < longest; i++) {
    for (const [streamId, events] of perStream) {
      if (i < events.length) await store.appendToStream(streamId, [events[i]]);
    }
  }
}

/** Per key: the subjects/ids in arrival order must follow stream order (first occurrence of each id). */
function expectStreamOrderPerKey(received: Received[], all: RecordedEvent[]): void {
  const expected = new Map<string, string[]>();
  for (const e of all) {
    const key = /^runner-(\d+)$/.exec(e.streamId)?.[1] ?? e.streamId;
    expected.set(key, [...(expected.get(key) ?? []), e.id]);
  }
  const seen = new Set<string>();
  const actual = new Map<string, string[]>();
  for (const m of received) {
    if (seen.has(m.event.id)) continue; // at-least-once: a duplicate may follow, never precede
    seen.add(m.event.id);
    actual.set(m.key, [...(actual.get(m.key) ?? []), m.event.id]);
  }
  expect(actual).toEqual(expected);
  for (const key of expected.keys()) {
    expect(new Set(received.filter((m) => m.key === key).map((m) => m.partition)).size).toBe(1);
  }
}

function expectNoSecrets(received: Received[]): void {
  for (const m of received) {
    const everything = `${m.value} ${JSON.stringify(m.headers)}`;
    expect(everything).not.toMatch(/sha256:/);
    expect(everything).not.toMatch(/digest/i);
    expect(everything).not.toMatch(/"tokens"/);
  }
}

/** A checkpoint whose saves can be awaited: reached(p) resolves once a position >= p was saved. */
function observed(inner: RelayCheckpoint): RelayCheckpoint & { reached(position: number): Promise<void> } {
  let saved = 0;
  let waiters: Array<() => void> = [];
  return {
    load: () => inner.load(),
    async save(position) {
      await inner.save(position);
      saved = position;
      for (const wake of waiters) wake();
    },
    reached(position) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`checkpoint stuck at ${saved}, waiting for ${position}`)), 20_000);
        const check = (): void => {
          if (saved < position) return;
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== check);
          resolve();
        };
        waiters.push(check);
        check();
      });
    },
  };
}

describe('KafkaRelay (real broker, SQLite store)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let dir: string;
  let store: SqliteEventStore;
  const topics: string[] = [];
  const relays: KafkaRelay[] = [];
  const collectors: TopicCollector[] = [];

  async function newTopic(): Promise<string> {
    const topic = `relay-e2e-${randomUUID().slice(0, 8)}`;
    topics.push(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true, timeout: 20_000 });
    return topic;
  }

  beforeAll(async () => {
    if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run jest with test/kafka/global-setup.ts');
    kafka = new Kafka({ clientId: 'relay-e2e', brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 200 } });
    admin = kafka.admin();
    await admin.connect();
  }, 60_000);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-relay-e2e-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await Promise.all(collectors.splice(0).map((c) => c.stop().catch(() => undefined)));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
    await admin.disconnect();
  }, 30_000);

  it('relays every event as a CloudEvent, in stream order per key, without secrets', async () => {
    const topic = await newTopic();
    await appendRound(store, 0);
    await appendRound(store, 1);
    const all = await store.readAll();
    expect(all).toHaveLength(RUNNERS.length * 7 + 4);

    const file = new FileCheckpoint(join(dir, 'relay', 'checkpoint.json'));
    const checkpoint = observed(file);
    const relay = new KafkaRelay(store, brokers, { topic, checkpoint, batchSize: 5, logLevel: logLevel.NOTHING });
    relays.push(relay);
    await relay.start();
    const collector = await TopicCollector.start(kafka, topic);
    collectors.push(collector);
    await collector.waitFor('every event', () => all.every((e) => collector.ids().has(e.id)));

    expect(collector.messages).toHaveLength(all.length); // no failure in this run, so no duplicate either
    expectStreamOrderPerKey(collector.messages, all);
    expectNoSecrets(collector.messages);

    const byId = new Map(collector.messages.map((m) => [m.event.id, m]));
    for (const recorded of all) {
      const m = byId.get(recorded.id)!;
      const meta = recorded.metadata as { occurredAt: string; actor: { type: string; id?: number; name?: string }; correlationId: string; causationId: string };
      expect(m.event).toMatchObject({
        specversion: '1.0',
        id: recorded.id,
        type: `runner-registry.${recorded.type}`,
        source: 'runner-registry',
        time: meta.occurredAt,
        subject: recorded.streamId,
        datacontenttype: 'application/json',
        schemaversion: 1,
        actor: `${meta.actor.type}:${meta.actor.id ?? meta.actor.name}`,
        correlationid: meta.correlationId,
        causationid: meta.causationId,
        sequence: String(recorded.revision).padStart(16, '0'),
        logposition: String(recorded.position).padStart(16, '0'),
      });
      expect(m.key).toBe(recorded.streamId === 'directory' ? 'directory' : recorded.streamId.slice('runner-'.length));
      expect(m.headers['event-id']).toBe(recorded.id);
      expect(m.headers['schema-version']).toBe('1');
    }
    // Non-secret payload is intact (domain camelCase kept); secrets are gone at every depth; what
    // merely mentions a token (an expiry, a switch, an interval) is published.
    const registered = all.find((e) => e.type === 'RunnerRegistered')!;
    const { tokenDigest: _t, ...publicData } = registered.data as Record<string, unknown>;
    expect(byId.get(registered.id)!.event.data).toEqual(publicData);
    expect(publicData).toHaveProperty('tokenExpiresAt', null);
    for (const reset of all.filter((e) => e.type === 'RunnerAuthenticationTokenReset')) {
      const { runnerId, tokenExpiresAt, resetAt } = reset.data as Record<string, unknown>;
      expect(byId.get(reset.id)!.event.data).toEqual({ runnerId, tokenExpiresAt, resetAt });
    }
    expect(all.some((e) => e.type === 'RunnerAuthenticationTokenReset' && (e.data as { tokenExpiresAt: unknown }).tokenExpiresAt !== null)).toBe(true);
    const user = all.find((e) => e.type === 'UserProvisioned')!;
    expect(byId.get(user.id)!.event.data).toEqual({ userId: 7, username: 'alice' });
    const group = all.find((e) => e.type === 'GroupProvisioned')!;
    expect(byId.get(group.id)!.event.data).toEqual({ groupId: 3, path: 'platform', allowRunnerRegistrationToken: false, runnerTokenExpirationInterval: 3600 });

    await checkpoint.reached(all[all.length - 1].position);
    await relay.stop(); // the position is updated just after the save resolves
    expect(relay.position).toBe(all[all.length - 1].position);
    expect(await file.load()).toBe(all[all.length - 1].position);
  }, 30_000);

  it('resumes from the checkpoint after a stop mid-way: no gap, per-key order kept', async () => {
    const topic = await newTopic();
    await appendRound(store, 0);
    const firstRound = await store.readAll();

    // Hold the third checkpoint save until the relay has been asked to stop: the stop is then
    // deterministically "after three acknowledged batches", with more events still to relay.
    const file = new FileCheckpoint(join(dir, 'checkpoint.json'));
    let saves = 0;
    let thirdSave!: () => void;
    const reachedThirdSave = new Promise<void>((resolve) => (thirdSave = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gated: RelayCheckpoint = {
      load: () => file.load(),
      save: async (position) => {
        await file.save(position);
        if (++saves === 3) {
          thirdSave();
          await released;
        }
      },
    };

    const batchSize = 4;
    const first = new KafkaRelay(store, brokers, { topic, checkpoint: gated, batchSize, logLevel: logLevel.NOTHING });
    await first.start();
    await reachedThirdSave;
    const stopped = first.stop();
    release();
    await stopped;
    const stoppedAt = await file.load();
    expect(stoppedAt).toBe(firstRound[3 * batchSize - 1].position);
    expect(stoppedAt).toBeLessThan(firstRound[firstRound.length - 1].position);

    await appendRound(store, 1);
    await appendRound(store, 2);
    const all = await store.readAll();

    const resumed = observed(file);
    const second = new KafkaRelay(store, brokers, { topic, checkpoint: resumed, batchSize, logLevel: logLevel.NOTHING });
    relays.push(second);
    await second.start();
    const collector = await TopicCollector.start(kafka, topic);
    collectors.push(collector);
    await collector.waitFor('every event', () => all.every((e) => collector.ids().has(e.id)));

    expect(collector.ids().size).toBe(all.length);
    expectStreamOrderPerKey(collector.messages, all);
    expectNoSecrets(collector.messages);
    await resumed.reached(all[all.length - 1].position);
    expect(await file.load()).toBe(all[all.length - 1].position);
  }, 30_000);
});
