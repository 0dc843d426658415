/**
 * The built service relays from a worker thread. Through a broker outage (frozen with SIGSTOP, as a
 * hung host) it keeps appending; once the broker thaws, the worker catches the backlog up: every
 * event on the topic, in order per key, none twice. A SIGTERM in the middle of a catch-up loses
 * nothing either: the batch in flight is checkpointed, and the restarted service sends exactly the
 * rest.
 *
 * The broker is this spec's own (scripts/kafka/start.sh on a free port), never the shared one.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { patOf } from '../support/fixture-directory';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { expectLogOrderPerKey, expectNoSecrets, kafkaClient, newTopicName, OwnBroker, parseMetrics, TopicCollector, waitUntil } from './support/relay-test-support';

const ROOT = patOf('root');

async function metrics(service: ServiceProcess): Promise<Map<string, number>> {
  return parseMetrics(await (await fetch(`${service.url}/metrics`)).text());
}

/** `count` job events in one request: a backlog of appends in a few calls. */
async function postJobEvents(service: ServiceProcess, firstId: number, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    status: 'running',
    name: `job-${firstId + i}`,
    stage: 'test',
    ref: 'main',
    project_id: 1 + (i % 3),
    runner_id: null,
  }));
  const response = await fetch(`${service.url}/api/v4/internal/job_events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'private-token': ROOT },
    body: JSON.stringify(events),
  });
  if (response.status !== 201) throw new Error(`job events answered ${response.status}: ${await response.text()}`);
}

/** A runner registered and edited a few times: a key whose events must keep their order. */
async function busyRunner(service: ServiceProcess, edits: number): Promise<void> {
  const headers = { 'content-type': 'application/json', 'private-token': ROOT };
  const created = await fetch(`${service.url}/api/v4/user/runners`, { method: 'POST', headers, body: JSON.stringify({ runner_type: 'instance_type' }) });
  if (created.status !== 201) throw new Error(`runner creation answered ${created.status}`);
  const { id } = (await created.json()) as { id: number };
  for (let edit = 0; edit < edits; edit++) {
    const response = await fetch(`${service.url}/api/v4/runners/${id}`, { method: 'PUT', headers, body: JSON.stringify({ description: `edit ${edit}` }) });
    if (response.status !== 200) throw new Error(`runner edit answered ${response.status}`);
  }
}

function readLog(dataDir: string) {
  const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
  return store.readAll().finally(() => store.close());
}

describe('the relay in its worker thread, through a broker outage and a stop mid-catch-up', () => {
  let broker: OwnBroker;
  const dataDirs: string[] = [];
  const services: ServiceProcess[] = [];
  const collectors: TopicCollector[] = [];
  let frozen = false;

  beforeAll(async () => {
    broker = await OwnBroker.start();
  }, 200_000);
  afterEach(async () => {
    if (frozen) broker.thaw();
    frozen = false;
    await Promise.all(collectors.splice(0).map((c) => c.stop()));
    await Promise.all(services.splice(0).map((s) => s.kill('SIGKILL')));
  }, 60_000);
  afterAll(async () => {
    dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    await broker?.destroy();
  }, 120_000);

  const start = async (env: Record<string, string>) => {
    const service = await startServiceProcess({ STATUS_MONITOR_INTERVAL_MS: '0', ...env }, { keepOutput: true });
    services.push(service);
    return service;
  };
  const freeze = () => {
    broker.freeze();
    frozen = true;
  };
  const thaw = () => {
    broker.thaw();
    frozen = false;
  };

  it('catches the backlog up after the outage: every event, in order per key, none twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-worker-outage-'));
    dataDirs.push(dataDir);
    const topic = newTopicName('relay-worker-outage');
    const service = await start({ DATA_DIR: dataDir, KAFKA_BROKERS: broker.brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: topic });
    await busyRunner(service, 3);
    await waitUntil('relaying', async () => (await metrics(service)).get('runner_registry_kafka_relay_lag_events') === 0);
    expect(service.output()).toMatch(/relay started in worker thread \d+/);

    freeze();
    for (let request = 0; request < 4; request++) {
      await postJobEvents(service, 1 + request * 1000, 1000);
      await busyRunner(service, 5);
    }
    const during = await metrics(service);
    expect(during.get('runner_registry_kafka_relay_lag_events')).toBeGreaterThanOrEqual(4000);
    thaw();

    await waitUntil('lag 0 after the outage', async () => (await metrics(service)).get('runner_registry_kafka_relay_lag_events') === 0, 120_000, 200);
    const log = await readLog(dataDir);
    const collector = await TopicCollector.start(kafkaClient(broker.brokers), topic);
    collectors.push(collector);
    await collector.waitForAll(log, 120_000);
    expectLogOrderPerKey(collector.messages, log);
    expectNoSecrets(collector.messages, [ROOT]);
    expect(collector.messages).toHaveLength(log.length);
    expect((await metrics(service)).get('runner_registry_kafka_relay_events_total')).toBe(log.length);
  }, 300_000);

  it('loses nothing when stopped in the middle of a catch-up: the restart sends exactly the rest', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-worker-stop-'));
    dataDirs.push(dataDir);
    const topic = newTopicName('relay-worker-stop');
    // Small batches make the catch-up take long enough to be stopped in the middle of it.
    const env = { DATA_DIR: dataDir, KAFKA_BROKERS: broker.brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: topic, KAFKA_RELAY_BATCH_SIZE: '5' };
    const first = await start(env);
    await busyRunner(first, 1);
    await waitUntil('relaying', async () => (await metrics(first)).get('runner_registry_kafka_relay_lag_events') === 0);

    freeze();
    for (let request = 0; request < 4; request++) await postJobEvents(first, 1 + request * 1000, 1000);
    const head = (await metrics(first)).get('runner_registry_kafka_relay_head_position')!;
    const before = (await metrics(first)).get('runner_registry_kafka_relay_acknowledged_position')!;
    thaw();
    await waitUntil('the catch-up under way', async () => (await metrics(first)).get('runner_registry_kafka_relay_acknowledged_position')! > before + 200, 60_000, 20);
    await first.kill('SIGTERM');
    expect(first.child.exitCode).toBe(0);

    const lease = new Database(join(dataDir, 'kafka-relay.sqlite'), { readonly: true });
    const checkpoint = (lease.prepare('SELECT position FROM relay_checkpoints WHERE topic = ?').get(topic) as { position: number }).position;
    lease.close();
    expect(checkpoint).toBeGreaterThan(before + 200);
    expect(checkpoint).toBeLessThan(head);

    const second = await start(env);
    await waitUntil('lag 0 after the restart', async () => (await metrics(second)).get('runner_registry_kafka_relay_lag_events') === 0, 120_000, 200);
    expect((await metrics(second)).get('runner_registry_kafka_relay_events_total')).toBe(head - checkpoint);
    const log = await readLog(dataDir);
    expect(log[log.length - 1].position).toBe(head);
    const collector = await TopicCollector.start(kafkaClient(broker.brokers), topic);
    collectors.push(collector);
    await collector.waitForAll(log, 120_000);
    expectLogOrderPerKey(collector.messages, log);
    expect(collector.messages).toHaveLength(log.length);
  }, 300_000);
});
