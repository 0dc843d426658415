/**
 * kill -9 of the built service while it relays a backlog, then a restart on the same DATA_DIR: the
 * topic ends up holding every event of the log (duplicates allowed, no gap), in order per key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { patOf } from '../support/fixture-directory';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { expectLogOrderPerKey, expectNoSecrets, kafkaClient, newTopicName, parseMetrics, sharedBrokers, TopicCollector, waitUntil } from './support/relay-test-support';

const ROOT = patOf('root');
const JOBS_PER_REQUEST = 1000;

function jobEvent(id: number): Record<string, unknown> {
  return { id, status: 'running', name: `job-${id}`, stage: 'test', ref: 'main', project_id: 1 + (id % 3), runner_id: null };
}

async function metrics(service: ServiceProcess): Promise<Map<string, number>> {
  return parseMetrics(await (await fetch(`${service.url}/metrics`)).text());
}

describe('relay killed with SIGKILL mid-batch', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-kill-'));
  const services: ServiceProcess[] = [];
  let collector: TopicCollector | undefined;
  afterAll(async () => {
    await collector?.stop();
    await Promise.all(services.map((s) => s.kill('SIGKILL')));
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('leaves no gap: the restarted service relays from its checkpoint', async () => {
    const brokers = sharedBrokers();
    const topic = newTopicName('relay-kill');
    // Small batches make the backlog take long enough to be killed in the middle of it.
    const env = { DATA_DIR: dataDir, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: topic, KAFKA_RELAY_BATCH_SIZE: '5', STATUS_MONITOR_INTERVAL_MS: '0' };
    const first = await startServiceProcess(env);
    services.push(first);
    for (let request = 0; request < 4; request++) {
      const events = Array.from({ length: JOBS_PER_REQUEST }, (_, i) => jobEvent(request * JOBS_PER_REQUEST + i + 1));
      const response = await fetch(`${first.url}/api/v4/internal/job_events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'private-token': ROOT },
        body: JSON.stringify(events),
      });
      expect(response.status).toBe(201);
    }
    const head = (await metrics(first)).get('runner_registry_kafka_relay_head_position')!;
    await waitUntil('the relay half-way through the backlog', async () => {
      const acknowledged = (await metrics(first)).get('runner_registry_kafka_relay_acknowledged_position')!;
      return acknowledged > 500 && acknowledged < head - 1000;
    }, 60_000, 20);
    await first.kill('SIGKILL');

    const second = await startServiceProcess(env);
    services.push(second);
    await waitUntil('lag 0 after the restart', async () => (await metrics(second)).get('runner_registry_kafka_relay_lag_events') === 0, 120_000, 200);

    const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
    const log = await store.readAll();
    await store.close();
    expect(log[log.length - 1].position).toBe(head);
    collector = await TopicCollector.start(kafkaClient(brokers), topic);
    await collector.waitForAll(log, 120_000);
    expectLogOrderPerKey(collector.messages, log);
    expectNoSecrets(collector.messages, [ROOT]);
    process.stderr.write(`[relay kill] ${log.length} events, ${collector.messages.length - log.length} sent twice after the kill\n`);
  }, 300_000);
});
