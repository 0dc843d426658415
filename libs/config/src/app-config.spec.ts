import { loadConfig } from './app-config';

describe('loadConfig: the Kafka relay', () => {
  it('relays by default, with production defaults', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'k1:9092, k2:9092' }).kafka).toMatchObject({
      brokers: ['k1:9092', 'k2:9092'],
      relay: { enabled: true, partitions: 6, batchSize: 500, contendIntervalMs: 2000 },
    });
  });

  it('reads KAFKA_RELAY=off and the tuning variables', () => {
    const { relay } = loadConfig({ KAFKA_RELAY: 'off', KAFKA_RELAY_PARTITIONS: '12', KAFKA_RELAY_BATCH_SIZE: '500', KAFKA_RELAY_FAILOVER_MS: '250', KAFKA_RELAY_CATCH_UP_PERCENT: '100' }).kafka;
    expect(relay).toEqual({ enabled: false, partitions: 12, batchSize: 500, contendIntervalMs: 250, catchUpPercent: 100 });
  });

  it.each([
    ['KAFKA_RELAY', 'false', 'KAFKA_RELAY must be on or off, got "false"'],
    ['KAFKA_RELAY_PARTITIONS', '0', 'KAFKA_RELAY_PARTITIONS must be a positive integer, got "0"'],
    ['KAFKA_RELAY_BATCH_SIZE', '1.5', 'KAFKA_RELAY_BATCH_SIZE must be a positive integer, got "1.5"'],
    ['KAFKA_RELAY_FAILOVER_MS', 'soon', 'KAFKA_RELAY_FAILOVER_MS must be a positive integer, got "soon"'],
    ['KAFKA_RELAY_CATCH_UP_PERCENT', '150', 'KAFKA_RELAY_CATCH_UP_PERCENT must be a percentage from 1 to 100, got "150"'],
    ['KAFKA_RELAY_CATCH_UP_PERCENT', '0', 'KAFKA_RELAY_CATCH_UP_PERCENT must be a positive integer, got "0"'],
  ])('refuses %s=%s at start', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
