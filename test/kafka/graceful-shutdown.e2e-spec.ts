/**
 * SIGTERM to the built service while writers keep registering runners, with the relay and the
 * consumers on a real broker: readiness turns 503 first, every registration the service
 * acknowledged survives, nothing answers 5xx but the 503 of a request that arrives while the
 * server closes, the relay saves its checkpoint (the restarted service sends nothing twice), and
 * the topic ends up with every event of the log, no gap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { ThrowawayDatabases } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { expectLogOrderPerKey, kafkaClient, newTopicName, parseMetrics, sharedBrokers, TopicCollector, waitUntil } from './support/relay-test-support';

const ROOT = { 'private-token': patOf('root') };

type Attempt = { status: number; id?: number } | { status: 'no answer' };

async function register(url: string): Promise<Attempt> {
  try {
    const response = await fetch(`${url}/api/v4/runners`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: INSTANCE_REGISTRATION_TOKEN }),
    });
    const body = (await response.json()) as { id?: number };
    return { status: response.status, id: body.id };
  } catch {
    return { status: 'no answer' }; // connection refused or cut: never acknowledged
  }
}

async function allRunnerIds(url: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const response = await fetch(`${url}/api/v4/runners/all?per_page=100&page=${page}`, { headers: ROOT });
    ids.push(...((await response.json()) as { id: number }[]).map((r) => r.id));
    if (response.headers.get('x-next-page') === '') return ids;
  }
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL (group commit)', true],
])('graceful shutdown on SIGTERM (%s)', (_name, postgres) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graceful-shutdown-'));
  const databases = new ThrowawayDatabases();
  let databaseUrl: string | undefined;
  const services: ServiceProcess[] = [];
  let collector: TopicCollector | undefined;
  const readLog = async () => {
    const store: EventStore = databaseUrl
      ? await PostgresEventStore.open({ connectionString: databaseUrl })
      : SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
    try {
      return await store.readAll();
    } finally {
      await store.close();
    }
  };
  beforeAll(async () => {
    if (postgres) databaseUrl = (await databases.create()).connectionString;
  });
  afterAll(async () => {
    await collector?.stop();
    await Promise.all(services.map((s) => s.kill('SIGKILL')));
    await databases.dropAll();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('turns unready, finishes what it acknowledged, saves the relay checkpoint, and loses nothing', async () => {
    const brokers = sharedBrokers();
    const topic = newTopicName('graceful-shutdown');
    const env = {
      DATA_DIR: dataDir,
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_RUNNER_EVENTS: topic,
      KAFKA_CONSUMER_GROUP: `graceful-shutdown-${randomUUID()}`,
      SHUTDOWN_DELAY_SECONDS: '1',
      STATUS_MONITOR_INTERVAL_MS: '0',
    };
    const first = await startServiceProcess(env, { keepOutput: true });
    services.push(first);
    await waitUntil('the relay relaying', async () => ((await (await fetch(`${first.url}/-/readiness`)).json()) as any).info.kafka_relay.state === 'relaying', 30_000, 100);

    const attempts: Attempt[] = [];
    let writing = true;
    const writers = Array.from({ length: 8 }, async () => {
      while (writing) {
        const attempt = await register(first.url);
        attempts.push(attempt);
        if (attempt.status === 'no answer') return;
      }
    });
    while (attempts.length < 200) await new Promise((r) => setTimeout(r, 10));

    const exited = once(first.child, 'exit');
    first.child.kill('SIGTERM');
    // Within the shutdown delay the probe says 503 while requests are still served.
    let readiness: { status: number; body: any } | undefined;
    await waitUntil('readiness 503', async () => {
      const response = await fetch(`${first.url}/-/readiness`);
      readiness = { status: response.status, body: await response.json() };
      return response.status === 503;
    }, 5_000, 20);
    expect(readiness!.body.error.lifecycle).toEqual({ status: 'down', message: 'shutting down' });
    const acknowledgedBeforeClose = attempts.filter((a) => a.status === 201).length;
    await exited;
    writing = false;
    await Promise.all(writers);

    const acknowledged = attempts.flatMap((a) => (a.status === 201 && 'id' in a ? [a.id!] : []));
    expect(acknowledged.length).toBeGreaterThan(acknowledgedBeforeClose);
    const refused = attempts.filter((a) => a.status !== 201 && a.status !== 'no answer');
    // Fastify's answer to a request arriving on a kept-alive connection while it closes: not acknowledged.
    expect(refused.every((a) => a.status === 503)).toBe(true);
    // Every request in flight finished: no connection had to be cut at SHUTDOWN_TIMEOUT_SECONDS (kept-alive ones included).
    expect(first.output()).not.toContain('requests still in flight');
    expect(first.output()).toMatch(/"context":"Shutdown","msg":"stopped serving and writing in \d+ ms \(unready \d+ ms, requests \d+ ms, timers \d+ ms, appends \d+ ms, relay \d+ ms, consumers \d+ ms, traces \d+ ms\)/);
    process.stderr.write(`[graceful shutdown, ${_name}] ${acknowledged.length} acknowledged, ${refused.length} refused with 503; ${/stopped serving and writing in .*/.exec(first.output())![0]}\n`);

    const log = await readLog();
    collector = await TopicCollector.start(kafkaClient(brokers), topic);
    // What the relay acknowledged before the stop was checkpointed: nothing of it comes again.
    await waitUntil('the relay caught up before the stop', async () => collector!.messages.length > 0, 30_000, 100);
    const relayedBeforeRestart = collector.messages.length;

    const second = await startServiceProcess(env);
    services.push(second);
    const ids = await allRunnerIds(second.url);
    for (const id of acknowledged) expect(ids).toContain(id);
    await waitUntil('lag 0 after the restart', async () => parseMetrics(await (await fetch(`${second.url}/metrics`)).text()).get('runner_registry_kafka_relay_lag_events') === 0, 60_000, 100);
    const fullLog = await readLog();
    expect(fullLog.length).toBeGreaterThanOrEqual(log.length);
    await collector.waitForAll(fullLog, 60_000);
    expectLogOrderPerKey(collector.messages, fullLog);
    expect(collector.messages.length).toBe(fullLog.length);
    // What a subscriber checks by itself: per subject, sequences follow each other from 0 (no gap, no duplicate).
    const sequences = new Map<string, number[]>();
    for (const { event } of collector.messages) sequences.set(event.subject, [...(sequences.get(event.subject) ?? []), Number(event.sequence)]);
    for (const [subject, seen] of sequences) {
      if (subject.startsWith('runner-contact-')) continue; // kept to its latest event: revisions may jump
      expect({ subject, seen }).toEqual({ subject, seen: seen.map((_, i) => i) });
    }
    expect(relayedBeforeRestart).toBeGreaterThan(0);
  }, 180_000);
});
