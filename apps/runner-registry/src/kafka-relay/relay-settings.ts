import { RELAY_DEFAULTS } from '@app/kafka';

/**
 * Tuning for the relay, beside AppConfig.kafka (brokers, client id, topic). Read from the process
 * environment; every one has a default that suits a production deployment.
 */
export interface RelaySettings {
  /** KAFKA_RELAY_PARTITIONS: partitions of the topic when the relay creates it (default 6). */
  readonly partitions: number;
  /** KAFKA_RELAY_BATCH_SIZE: most events in one produce request (default 1000). */
  readonly batchSize: number;
  /** KAFKA_RELAY_FAILOVER_MS: how often a replica without the relay lease tries to take it (default 2000). */
  readonly contendIntervalMs: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function relaySettings(env: NodeJS.ProcessEnv = process.env): RelaySettings {
  return {
    partitions: positive(env, 'KAFKA_RELAY_PARTITIONS', 6),
    batchSize: positive(env, 'KAFKA_RELAY_BATCH_SIZE', RELAY_DEFAULTS.batchSize),
    contendIntervalMs: positive(env, 'KAFKA_RELAY_FAILOVER_MS', 2_000),
  };
}
