/**
 * Helpers for the relay specs that run the service: read a topic from the beginning, check order
 * and secrets, read /metrics, and run a broker of one's own that a test may stop, start, freeze and thaw.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RecordedEvent } from '@app/event-store';
import { messageKey } from '@app/kafka';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../support/fixture-directory';
import type { TestApp, TestResponse } from '../../support/test-app';

const ROOT = patOf('root');

export const sharedBrokers = (): string[] => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run jest with test/kafka/global-setup.ts');
  return brokers;
};

export const newTopicName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const kafkaClient = (brokers: readonly string[]) =>
  new Kafka({ clientId: 'relay-service-e2e', brokers: [...brokers], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 200 } });

export interface Received {
  readonly key: string;
  readonly partition: number;
  readonly value: string;
  readonly headers: Record<string, string>;
  readonly event: { id: string; subject: string; type: string; data: unknown; [attribute: string]: unknown };
}

/** Polls `condition` until it holds (for state only observable from outside, such as another process's metrics). */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

/** Until the topic exists and every partition has a leader. */
export async function waitForTopic(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitUntil(
      `topic ${topic}`,
      async () => {
        // listTopics first: metadata for a missing topic is an error kafkajs retries for seconds.
        if (!(await admin.listTopics()).includes(topic)) return false;
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return topics[0]?.partitions.length > 0 && topics[0].partitions.every((p) => p.leader >= 0);
      },
      timeoutMs,
      100,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Reads a topic from the beginning into memory. */
export class TopicCollector {
  readonly messages: Received[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicCollector> {
    const consumer = kafka.consumer({ groupId: `relay-service-e2e-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
    const collector = new TopicCollector(consumer);
    // The relay creates its topic in the background: subscribing before the broker hosts it fails.
    await waitForTopic(kafka, topic);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = message.value!.toString();
        const headers: Record<string, string> = {};
        for (const [name, header] of Object.entries(message.headers ?? {})) headers[name] = String(header);
        collector.messages.push({ key: message.key!.toString(), partition, value, headers, event: JSON.parse(value) });
      },
    });
    return collector;
  }

  ids(): Set<string> {
    return new Set(this.messages.map((m) => m.event.id));
  }

  /** Resolves once every event is on the topic. */
  async waitForAll(events: readonly { id: string }[], timeoutMs = 60_000): Promise<void> {
    await waitUntil(`${events.length} events on the topic`, () => {
      const ids = this.ids();
      return events.every((e) => ids.has(e.id));
    }, timeoutMs);
  }

  stop(): Promise<void> {
    return this.consumer.disconnect().catch(() => undefined);
  }
}

/** The relay's own key: a runner's streams (its stream and its managers' contact streams) share the runner id. */
const keyOf = (streamId: string) => messageKey(streamId);

/**
 * Every event is on the topic, each key on one partition, and per key the first occurrences follow
 * the log's order (at least once: a duplicate may follow its original, never precede it).
 */
export function expectLogOrderPerKey(received: readonly Received[], log: readonly RecordedEvent[]): void {
  const expected = new Map<string, string[]>();
  for (const e of log) {
    const ids = expected.get(keyOf(e.streamId)) ?? [];
    ids.push(e.id);
    expected.set(keyOf(e.streamId), ids);
  }
  const seen = new Set<string>();
  const actual = new Map<string, string[]>();
  for (const m of received) {
    if (seen.has(m.event.id)) continue;
    seen.add(m.event.id);
    const ids = actual.get(m.key) ?? [];
    ids.push(m.event.id);
    actual.set(m.key, ids);
  }
  expect(actual).toEqual(expected);
  const partitions = new Map<string, Set<number>>();
  for (const m of received) partitions.set(m.key, (partitions.get(m.key) ?? new Set()).add(m.partition));
  expect([...partitions].filter(([, used]) => used.size !== 1).map(([key]) => key)).toEqual([]);
}

/**
 * No digest, no key ending in token or digest that holds anything but a boolean, number or null, at
 * any depth (the secret rule, restated here so the test does not trust the code it checks), and
 * none of the plaintext tokens the API handed out.
 */
export function expectNoSecrets(received: readonly Received[], plaintextTokens: readonly string[]): void {
  const couldHoldSecret = (v: unknown) => v !== null && typeof v !== 'boolean' && typeof v !== 'number';
  const secretKeys = (value: unknown, path = ''): string[] => {
    if (Array.isArray(value)) return value.flatMap((v, i) => secretKeys(v, `${path}[${i}]`));
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([k, v]) => [
      ...(/(token|digest)s?$/i.test(k) && couldHoldSecret(v) ? [`${path}.${k}`] : []),
      ...secretKeys(v, `${path}.${k}`),
    ]);
  };
  // Plain checks collected into one assertion: thousands of expect() calls would take minutes.
  const leaks: string[] = [];
  for (const m of received) {
    const everything = `${m.key} ${m.value} ${JSON.stringify(m.headers)}`;
    if (/sha256/i.test(everything)) leaks.push(`${m.event.id}: a sha256 digest`);
    for (const path of secretKeys(m.event.data)) leaks.push(`${m.event.id}: secret key ${path}`);
    for (const token of plaintextTokens) if (everything.includes(token)) leaks.push(`${m.event.id}: a plaintext token`);
  }
  expect(leaks).toEqual([]);
}

/** The samples of a Prometheus text exposition, by metric name (unlabelled metrics only). */
export function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$/.exec(line);
    if (match) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

const START_SCRIPT = resolve(__dirname, '../../../scripts/kafka/start.sh');
const STOP_SCRIPT = resolve(__dirname, '../../../scripts/kafka/stop.sh');

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = net.createServer();
    server.once('error', () => done(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

/**
 * A broker of this test's own (scripts/kafka/start.sh on a free port pair), which it may stop and
 * start again with its data kept. Never the shared one.
 */
export class OwnBroker {
  private constructor(
    readonly port: number,
    private readonly stateDir: string,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  static async start(): Promise<OwnBroker> {
    for (let attempt = 0; attempt < 50; attempt++) {
      // Below Linux's ephemeral range (32768+), where service processes' PORT=0 listens land.
      const port = 29000 + 2 * Math.floor(Math.random() * 1880);
      if (!(await portFree(port)) || !(await portFree(port + 1))) continue;
      const broker = new OwnBroker(port, join(tmpdir(), `runner-registry-kafka-own-${port}-${randomUUID().slice(0, 6)}`));
      await broker.startAgain();
      return broker;
    }
    throw new Error('no free port pair for a broker');
  }

  /** (Re)starts the broker on the same port and data. */
  startAgain(): Promise<void> {
    return this.run(START_SCRIPT, { KAFKA_PORT: String(this.port) }, 180_000);
  }

  /** Stops it, keeping its data for startAgain(). */
  stop(): Promise<void> {
    return this.run(STOP_SCRIPT, { KAFKA_KEEP_STATE: '1', KAFKA_STOP_GRACE: '20' }, 60_000);
  }

  /** Freezes it (SIGSTOP): its connections stay open and nothing answers, as on a hung host, until thaw(). */
  freeze(): void {
    process.kill(this.pid(), 'SIGSTOP');
  }

  thaw(): void {
    process.kill(this.pid(), 'SIGCONT');
  }

  private pid(): number {
    return Number(readFileSync(join(this.stateDir, 'kafka.pid'), 'utf8'));
  }

  /** Stops it and removes its data. */
  destroy(): Promise<void> {
    return this.run(STOP_SCRIPT, { KAFKA_STOP_GRACE: '10' }, 60_000);
  }

  /** Asynchronous: the service under test, in this process, keeps serving while the script runs. */
  private run(script: string, env: Record<string, string>, timeoutMs: number): Promise<void> {
    return new Promise<void>((done, fail) => {
      const child = spawn('bash', [script], { env: { ...process.env, KAFKA_STATE_DIR: this.stateDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) done();
        else fail(new Error(`${script} failed (${code ?? signal}): ${output}`));
      });
    });
  }
}

/** A few commands of every kind; returns the plaintext tokens the API handed out. */
export async function runSomeCommands(app: TestApp, round: number): Promise<string[]> {
  const tokens: string[] = [];
  const ok = (response: TestResponse, what: string) => {
    if (response.status >= 300) throw new Error(`${what}: ${response.status} ${response.body}`);
    return response;
  };
  const registered = ok(await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN, description: `relay-${round}`, tag_list: 'linux,docker' } }), 'register').json();
  tokens.push(registered.token);
  const projectRunner = ok(await app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(2), description: `project-${round}` } }), 'register project runner').json();
  tokens.push(projectRunner.token);
  ok(await app.request('PUT', `/api/v4/runners/${registered.id}`, { token: ROOT, payload: { description: `renamed-${round}`, paused: true } }), 'update');
  ok(await app.request('POST', '/api/v4/runners/verify', { payload: { token: registered.token, system_id: `s_${round}` } }), 'verify');
  const reset = ok(await app.request('POST', `/api/v4/runners/${registered.id}/reset_authentication_token`, { token: ROOT }), 'reset').json();
  tokens.push(reset.token);
  ok(await app.request('PUT', `/api/v4/runners/${registered.id}`, { token: ROOT, payload: { paused: false } }), 'resume');
  ok(await app.request('DELETE', `/api/v4/runners/${projectRunner.id}`, { token: ROOT }), 'delete');
  // Other projects' registration tokens change too (the instance one stays, so rounds can follow each other).
  const registration = ok(await app.request('POST', '/api/v4/projects/1/runners/reset_registration_token', { token: ROOT }), 'reset registration token').json();
  tokens.push(registration.token);
  return tokens;
}

export async function metricsOf(app: TestApp): Promise<Map<string, number>> {
  const response = await app.request('GET', '/metrics');
  expect(response.status).toBe(200);
  return parseMetrics(response.body);
}
