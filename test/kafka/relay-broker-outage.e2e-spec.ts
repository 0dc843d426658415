/**
 * A broker outage while commands keep coming: the API answers 2xx throughout (no request waits on
 * Kafka), the relay counts failed sends and backs off, and once the broker is back it catches up:
 * every event on the topic, in order per key, and the lag metric back to 0.
 *
 * The broker here is this spec's own (scripts/kafka/start.sh on a free port), never the shared one.
 */
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { startTestApp, type TestApp } from '../support/test-app';
import { expectLogOrderPerKey, expectNoSecrets, kafkaClient, metricsOf, newTopicName, runSomeCommands, OwnBroker, TopicCollector, waitUntil } from './support/relay-test-support';

describe('relay through a broker outage', () => {
  let broker: OwnBroker;
  let app: TestApp | undefined;
  let collector: TopicCollector | undefined;

  beforeAll(async () => {
    broker = await OwnBroker.start();
  }, 200_000);
  afterAll(async () => {
    await collector?.stop();
    await app?.close();
    await broker?.destroy();
  }, 120_000);

  it('keeps answering 2xx while the broker is down, and loses nothing once it is back', async () => {
    const topic = newTopicName('relay-outage');
    app = await startTestApp({ KAFKA_BROKERS: broker.brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: topic });
    const service = app;
    const metric = async (name: string) => (await metricsOf(service)).get(name)!;
    const t0 = Date.now();
    const step = (what: string) => process.stderr.write(`[relay outage +${Date.now() - t0} ms] ${what}\n`);

    // Commands keep coming, one round after another, for the whole test.
    const tokens: string[] = [];
    const slowest = { ms: 0 };
    let rounds = 0;
    let keepGoing = true;
    const traffic = (async () => {
      while (keepGoing) {
        const started = Date.now();
        tokens.push(...(await runSomeCommands(service, ++rounds))); // throws on any non-2xx
        slowest.ms = Math.max(slowest.ms, Date.now() - started);
        await new Promise((r) => setTimeout(r, 50)); // steady traffic, not a flood
      }
    })();
    const trafficFailed = traffic.then(() => undefined);

    await waitUntil('a first relayed batch', async () => (await metric('runner_registry_kafka_relay_acknowledged_position')) > 0);

    step('await broker.stop();');
    await broker.stop();
    const roundsAtStop = rounds;
    await waitUntil('failed sends while the broker is down', async () => (await metric('runner_registry_kafka_relay_send_failures_total')) > 0, 60_000);
    await waitUntil('more commands served during the outage', () => rounds >= roundsAtStop + 5, 60_000);
    expect(await metric('runner_registry_kafka_relay_lag_events')).toBeGreaterThan(0);

    step('await broker.startAgain();');
    await broker.startAgain();
    const roundsAtRestart = rounds;
    await waitUntil('commands after the restart', () => rounds >= roundsAtRestart + 3, 60_000);
    step('keepGoing = false;');
    keepGoing = false;
    step('await trafficFailed;');
    await trafficFailed;

    await waitUntil('lag back to 0', async () => (await metric('runner_registry_kafka_relay_lag_events')) === 0, 90_000, 200);
    step('const log = await service');
    const log = await service.app.get<EventStore>(EVENT_STORE).readAll();
    step(`log read: ${log.length} events`);
    collector = await TopicCollector.start(kafkaClient(broker.brokers), topic);
    step('collector started');
    await collector.waitForAll(log, 60_000);
    expectLogOrderPerKey(collector.messages, log);
    expectNoSecrets(collector.messages, tokens);
    expect(await metric('runner_registry_kafka_relay_acknowledged_position')).toBe(log[log.length - 1].position);
    process.stderr.write(`[relay outage] ${rounds} command rounds (${log.length} events), slowest round ${slowest.ms} ms, ${collector.messages.length - log.length} duplicates\n`);
  }, 400_000);
});
