/**
 * Two replicas on one PostgreSQL database, both with KAFKA_BROKERS: exactly one relays (the advisory
 * lock), every event reaches the topic once, both report the same lag; when the relaying replica
 * goes away the other takes over from the shared checkpoint.
 */
import type { EventStore } from '@app/event-store';
import { ThrowawayDatabases } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { startTestApp, type TestApp } from '../support/test-app';
import { expectLogOrderPerKey, expectNoSecrets, kafkaClient, metricsOf, newTopicName, runSomeCommands, sharedBrokers, TopicCollector, waitUntil } from './support/relay-test-support';

describe('relay with two replicas on one PostgreSQL database', () => {
  const databases = new ThrowawayDatabases();
  const apps: TestApp[] = [];
  const collectors: TopicCollector[] = [];
  afterAll(async () => {
    await Promise.all(collectors.map((c) => c.stop()));
    await Promise.all(apps.map((a) => a.close()));
    await databases.dropAll();
  }, 120_000);

  it('relays once, from one replica, and fails over to the other', async () => {
    const brokers = sharedBrokers();
    const database = await databases.create();
    const topic = newTopicName('relay-replicas');
    const env = { DATABASE_URL: database.connectionString, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: topic };
    const [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    apps.push(a, b);
    const metric = async (app: TestApp, name: string) => (await metricsOf(app)).get(name)!;
    const leaders = async () => (await metric(a, 'runner_registry_kafka_relay_leader')) + (await metric(b, 'runner_registry_kafka_relay_leader'));

    const tokens = [...(await runSomeCommands(a, 1)), ...(await runSomeCommands(b, 2)), ...(await runSomeCommands(a, 3))];
    const store = a.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    for (const replica of [a, b]) {
      await waitUntil('lag 0 on both replicas', async () => (await metric(replica, 'runner_registry_kafka_relay_lag_events')) === 0);
      expect(await metric(replica, 'runner_registry_kafka_relay_acknowledged_position')).toBeGreaterThanOrEqual(head);
    }
    expect(await leaders()).toBe(1);
    const leader = (await metric(a, 'runner_registry_kafka_relay_leader')) === 1 ? a : b;
    const follower = leader === a ? b : a;
    expect(await metric(follower, 'runner_registry_kafka_relay_events_total')).toBe(0);

    const log = await store.readAll();
    const collector = await TopicCollector.start(kafkaClient(brokers), topic);
    collectors.push(collector);
    await collector.waitForAll(log);
    expect(collector.messages).toHaveLength(log.length); // once: a second relay would have doubled them
    expectLogOrderPerKey(collector.messages, log);

    // The relaying replica goes away; the other takes the lease and relays what follows.
    await leader.stop();
    tokens.push(...(await runSomeCommands(follower, 4)));
    await waitUntil('the other replica relays', async () => (await metric(follower, 'runner_registry_kafka_relay_leader')) === 1, 30_000, 100);
    await waitUntil('lag 0 after failover', async () => (await metric(follower, 'runner_registry_kafka_relay_lag_events')) === 0);
    const all = await follower.app.get<EventStore>(EVENT_STORE).readAll();
    await collector.waitForAll(all);
    expectLogOrderPerKey(collector.messages, all);
    expectNoSecrets(collector.messages, tokens);
    expect(await metric(follower, 'runner_registry_kafka_relay_events_total')).toBe(all.length - log.length);
  }, 120_000);
});
