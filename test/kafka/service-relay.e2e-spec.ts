/**
 * The running service relays its log to Kafka (KAFKA_BROKERS set): every event of the commands below
 * reaches the topic in order per key, without any secret, and GET /metrics shows the lag fall to 0.
 */
import type { EventStore } from '@app/event-store';
import type { Admin, Kafka } from 'kafkajs';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  expectLogOrderPerKey,
  expectNoSecrets,
  kafkaClient,
  metricsOf,
  newTopicName,
  runSomeCommands,
  sharedBrokers,
  TopicCollector,
  waitUntil,
} from './support/relay-test-support';

const ROOT = patOf('root');

describe('the service relays its log to Kafka', () => {
  const brokers = sharedBrokers();
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];
  const apps: TestApp[] = [];
  const collectors: TopicCollector[] = [];

  beforeAll(async () => {
    kafka = kafkaClient(brokers);
    admin = kafka.admin();
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(collectors.splice(0).map((c) => c.stop()));
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes every event in log order per key, with no secret in any message; the lag metric reaches 0', async () => {
    const topic = newTopicName('relay-service');
    topics.push(topic);
    const app = await startTestApp({ KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: topic });
    apps.push(app);
    const tokens = [INSTANCE_REGISTRATION_TOKEN, ROOT, ...(await runSomeCommands(app, 1)), ...(await runSomeCommands(app, 2))];
    const store = app.app.get<EventStore>(EVENT_STORE);
    const log = await store.readAll();

    const collector = await TopicCollector.start(kafka, topic);
    collectors.push(collector);
    await collector.waitForAll(log);
    expect(collector.messages).toHaveLength(log.length); // nothing failed, so nothing was sent twice
    expectLogOrderPerKey(collector.messages, log);
    expectNoSecrets(collector.messages, tokens);
    const types = new Set(collector.messages.map((m) => m.event.type));
    for (const type of ['RunnerRegistered', 'RunnerDetailsChanged', 'RunnerPaused', 'RunnerResumed', 'RunnerAuthenticationTokenReset', 'RunnerContacted', 'RunnerDeleted', 'UserProvisioned']) {
      expect(types).toContain(`runner-registry.${type}`);
    }

    // The relay created the topic with the default partitions.
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(6);

    const head = await store.headPosition();
    await waitUntil('lag 0', async () => (await metricsOf(app)).get('runner_registry_kafka_relay_lag_events') === 0);
    const metrics = await metricsOf(app);
    expect(metrics.get('runner_registry_kafka_relay_head_position')).toBe(head);
    expect(metrics.get('runner_registry_kafka_relay_acknowledged_position')).toBe(head);
    expect(metrics.get('runner_registry_kafka_relay_leader')).toBe(1);
    expect(metrics.get('runner_registry_kafka_relay_events_total')).toBe(head);
    expect(metrics.get('runner_registry_kafka_relay_send_failures_total')).toBe(0);
    const response = await app.request('GET', '/metrics');
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toMatch(/^# HELP runner_registry_kafka_relay_lag_events /m);
    expect(response.body).toMatch(/^# TYPE runner_registry_kafka_relay_lag_events gauge$/m);
  }, 60_000);

  it('resumes from its checkpoint after a restart: only the new events are sent', async () => {
    const topic = newTopicName('relay-restart');
    topics.push(topic);
    const env = { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: topic };
    const first = await startTestApp(env);
    apps.push(first);
    await runSomeCommands(first, 1);
    const before = await first.app.get<EventStore>(EVENT_STORE).headPosition();
    await waitUntil('first run relayed', async () => (await metricsOf(first)).get('runner_registry_kafka_relay_acknowledged_position') === before);
    await first.stop();

    const second = await startTestApp({ ...env, DATA_DIR: first.config.dataDir });
    apps.push(second);
    await runSomeCommands(second, 2);
    const log = await second.app.get<EventStore>(EVENT_STORE).readAll();
    const collector = await TopicCollector.start(kafka, topic);
    collectors.push(collector);
    await collector.waitForAll(log);
    await waitUntil('lag 0', async () => (await metricsOf(second)).get('runner_registry_kafka_relay_lag_events') === 0);
    expect(collector.messages).toHaveLength(log.length);
    expectLogOrderPerKey(collector.messages, log);
    expect((await metricsOf(second)).get('runner_registry_kafka_relay_events_total')).toBe(log.length - before);
  }, 60_000);

  it('without KAFKA_BROKERS there is no relay and no relay metric, but /metrics answers', async () => {
    const app = await startTestApp();
    apps.push(app);
    const metrics = await metricsOf(app);
    expect(metrics.has('runner_registry_kafka_relay_lag_events')).toBe(false);
    expect(metrics.has('process_cpu_user_seconds_total')).toBe(true);
  });
});
