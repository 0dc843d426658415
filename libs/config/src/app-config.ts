import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ContactPolicy, StatusThresholds } from '@app/domain';
import { RELAY_DEFAULTS } from '@app/kafka';
import { logLevelFrom, type LogLevelName } from '@app/common/service-logger';

/** The configuration contract. Tests outside the project rely on these variable names. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** JSON file with users, tokens, groups, projects and settings, provisioned at start; null for none. */
  readonly directorySeedFile: string | null;
  readonly onlineTimeoutSeconds: number;
  readonly staleTimeoutSeconds: number;
  /** RUNNER_CONTACT_THROTTLE_SECONDS: a polling manager's contact is stored at most once per window. */
  readonly contactThrottleSeconds: number;
  /** STATUS_MONITOR_INTERVAL_MS: how often time-driven status changes are looked for; 0 turns the monitor off. */
  readonly statusMonitorIntervalMs: number;
  /** DATABASE_URL (postgres://…): events and query models in PostgreSQL instead of DATA_DIR. */
  readonly databaseUrl: string | null;
  /** REDIS_URL: replicas share fresh runner contacts through Redis; unset keeps them in memory only. */
  readonly redisUrl: string | null;
  /** REDIS_KEY_PREFIX: namespaces this deployment's keys and channel (default `runner-registry:`). */
  readonly redisKeyPrefix: string;
  /** Base of the web URLs the API shows (groups' web_url); GitLab's external URL in a real deployment. */
  readonly externalUrl: string;
  /** SQLITE_SYNCHRONOUS: NORMAL (default) survives a process kill; FULL also an OS crash or power loss. */
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  /** EVENTSTORE_CONNECTION_STRING (esdb://…): events in EventStoreDB; query models then go to DATABASE_URL or DATA_DIR. */
  readonly eventStoreConnectionString: string | null;
  readonly kafka: KafkaConfig;
  /**
   * READ_CONSISTENCY: `replicas` makes each API request wait until this process's query models hold
   * the shared log's head (read-your-writes across replicas; one head read per round trip, shared by
   * concurrent requests); `process` only guarantees it within one process. Default: `replicas` when
   * the log is shared (DATABASE_URL or EVENTSTORE_CONNECTION_STRING), else `process`.
   */
  readonly readConsistency: 'replicas' | 'process';
  /**
   * RUNNER_JOBS_REQUEST_API_LIMIT: POST /jobs/request calls per minute per runner token before 429,
   * GitLab's `runner_jobs_request_api_limit` (default 2000; 0 turns it off). Counted per replica.
   */
  readonly runnerJobsRequestApiLimit: number;
  /** STALE_MANAGER_CLEANUP_INTERVAL_SECONDS: how often stale runner managers are deleted (default 3600; 0 off). */
  readonly staleManagerCleanupIntervalSeconds: number;
  /**
   * DECIDED_STATE_CACHE_ENTRIES: streams per kind (runners, directory, jobs) whose decided state a
   * command keeps, so the next command on one reads only the events after it (default 10000; 0 off).
   */
  readonly decidedStateCacheEntries: number;
  readonly operations: OperationsConfig;
}

/** Logs, probes and shutdown. */
export interface OperationsConfig {
  /**
   * READINESS_MAX_PROJECTION_LAG: readiness fails while the query models are more than this far
   * behind the log's head (positions: events on SQLite and PostgreSQL, log bytes on EventStoreDB). Default 1000.
   */
  readonly maxProjectionLag: number;
  /** SHUTDOWN_DELAY_SECONDS: on SIGTERM, readiness answers 503 this long before the server stops accepting (default 0). */
  readonly shutdownDelayMs: number;
  /** OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: traces are exported, commands run in spans. */
  readonly tracing: boolean;
  /** LOG_LEVEL: trace, debug, info (default; one line per request), warn, error, fatal or silent. */
  readonly logLevel: LogLevelName;
  /** SHUTDOWN_TIMEOUT_SECONDS: how long requests in flight may take to finish on SIGTERM before their connections are cut (default 10). */
  readonly shutdownTimeoutMs: number;
}

/** Kafka is optional: with no KAFKA_BROKERS the service neither publishes nor consumes. */
export interface KafkaConfig {
  /** KAFKA_BROKERS: comma-separated host:port list; empty when Kafka is not used. */
  readonly brokers: readonly string[];
  /** KAFKA_CLIENT_ID (default `runner-registry`). */
  readonly clientId: string;
  /** KAFKA_TOPIC_RUNNER_EVENTS: where the relay publishes every event (default `runner-registry.runner-events`). */
  readonly runnerEventsTopic: string;
  /** KAFKA_TOPIC_DIRECTORY_EVENTS: users, tokens, groups, projects, memberships, settings coming in. */
  readonly directoryEventsTopic: string;
  /** KAFKA_TOPIC_JOB_EVENTS: job lifecycle facts coming in from the CI side. */
  readonly jobEventsTopic: string;
  /** KAFKA_TOPIC_DEAD_LETTER: malformed or unknown inbound messages are parked here. */
  readonly deadLetterTopic: string;
  /** KAFKA_CONSUMER_GROUP: the consumer group of the inbound consumers (default `runner-registry`). */
  readonly consumerGroup: string;
  readonly relay: RelayConfig;
}

/** The outbound relay's tuning; every value has a default that suits a production deployment. */
export interface RelayConfig {
  /**
   * KAFKA_RELAY (`on`, the default, or `off`): whether this process takes part in relaying. The
   * replicas elect one relay through the lease beside the query models; a replica whose query models
   * are its own (no DATABASE_URL) cannot share that lease, so all but one such replica need `off`.
   */
  readonly enabled: boolean;
  /** KAFKA_RELAY_PARTITIONS: partitions of the topic when the relay creates it (default 6). */
  readonly partitions: number;
  /** KAFKA_RELAY_BATCH_SIZE: most events read and checkpointed at once (default 500). */
  readonly batchSize: number;
  /** KAFKA_RELAY_FAILOVER_MS: how often a replica without the relay lease tries to take it (default 2,000). */
  readonly contendIntervalMs: number;
  /**
   * KAFKA_RELAY_CATCH_UP_PERCENT: while the relay catches up a backlog beside the service, the share
   * of the time it works on it, resting the remainder between batches (default 50; 100: no rest). See
   * ServiceLoopPacer.
   */
  readonly catchUpPercent: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function percent(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = positiveInteger(env, name, fallback);
  if (value > 100) throw new Error(`${name} must be a percentage from 1 to 100, got "${env[name]}"`);
  return value;
}

function nonNegativeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0, got "${raw}"`);
  return value;
}

function operationsConfig(env: NodeJS.ProcessEnv): OperationsConfig {
  return {
    maxProjectionLag: nonNegativeNumber(env, 'READINESS_MAX_PROJECTION_LAG', 1000),
    logLevel: logLevelFrom(env.LOG_LEVEL),
    tracing: Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
    shutdownDelayMs: nonNegativeNumber(env, 'SHUTDOWN_DELAY_SECONDS', 0) * 1000,
    shutdownTimeoutMs: nonNegativeNumber(env, 'SHUTDOWN_TIMEOUT_SECONDS', 10) * 1000,
  };
}

function sqliteSynchronous(raw: string | undefined): 'NORMAL' | 'FULL' {
  const value = (raw || 'NORMAL').toUpperCase();
  if (value !== 'NORMAL' && value !== 'FULL') throw new Error(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, got "${raw}"`);
  return value;
}

/** The example directory committed with the project, when the service runs from a checkout. */
function defaultSeedFile(): string | null {
  const example = resolve('config/directory.example.json');
  return existsSync(example) ? example : null;
}

function readConsistency(env: NodeJS.ProcessEnv): 'replicas' | 'process' {
  const raw = env.READ_CONSISTENCY;
  if (raw === 'replicas' || raw === 'process') return raw;
  if (raw) throw new Error(`READ_CONSISTENCY must be replicas or process, got "${raw}"`);
  return env.DATABASE_URL || env.EVENTSTORE_CONNECTION_STRING ? 'replicas' : 'process';
}

function kafkaConfig(env: NodeJS.ProcessEnv): KafkaConfig {
  return {
    brokers: (env.KAFKA_BROKERS ?? '')
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker !== ''),
    clientId: env.KAFKA_CLIENT_ID || 'runner-registry',
    runnerEventsTopic: env.KAFKA_TOPIC_RUNNER_EVENTS || 'runner-registry.runner-events',
    directoryEventsTopic: env.KAFKA_TOPIC_DIRECTORY_EVENTS || 'runner-registry.directory-events',
    jobEventsTopic: env.KAFKA_TOPIC_JOB_EVENTS || 'runner-registry.job-events',
    deadLetterTopic: env.KAFKA_TOPIC_DEAD_LETTER || 'runner-registry.dead-letter',
    consumerGroup: env.KAFKA_CONSUMER_GROUP || 'runner-registry',
    relay: {
      enabled: onOff(env, 'KAFKA_RELAY', true),
      partitions: positiveInteger(env, 'KAFKA_RELAY_PARTITIONS', 6),
      batchSize: positiveInteger(env, 'KAFKA_RELAY_BATCH_SIZE', RELAY_DEFAULTS.batchSize),
      contendIntervalMs: positiveInteger(env, 'KAFKA_RELAY_FAILOVER_MS', 2_000),
      catchUpPercent: percent(env, 'KAFKA_RELAY_CATCH_UP_PERCENT', 50),
    },
  };
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new Error(`${name} must be on or off, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a TCP port, got "${env.PORT}"`);
  const seed = env.DIRECTORY_SEED_FILE;
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    directorySeedFile: seed === 'none' ? null : seed ? resolve(seed) : defaultSeedFile(),
    onlineTimeoutSeconds: positiveInteger(env, 'RUNNER_ONLINE_TIMEOUT_SECONDS', 7200),
    staleTimeoutSeconds: positiveInteger(env, 'RUNNER_STALE_TIMEOUT_SECONDS', 604800),
    contactThrottleSeconds: positiveInteger(env, 'RUNNER_CONTACT_THROTTLE_SECONDS', 900),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || 'runner-registry:',
    statusMonitorIntervalMs: env.STATUS_MONITOR_INTERVAL_MS === '0' ? 0 : positiveInteger(env, 'STATUS_MONITOR_INTERVAL_MS', 1000),
    sqliteSynchronous: sqliteSynchronous(env.SQLITE_SYNCHRONOUS),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || null,
    kafka: kafkaConfig(env),
    readConsistency: readConsistency(env),
    staleManagerCleanupIntervalSeconds:
      env.STALE_MANAGER_CLEANUP_INTERVAL_SECONDS === '0' ? 0 : positiveInteger(env, 'STALE_MANAGER_CLEANUP_INTERVAL_SECONDS', 3600),
    runnerJobsRequestApiLimit: env.RUNNER_JOBS_REQUEST_API_LIMIT === '0' ? 0 : positiveInteger(env, 'RUNNER_JOBS_REQUEST_API_LIMIT', 2000),
    decidedStateCacheEntries: env.DECIDED_STATE_CACHE_ENTRIES === '0' ? 0 : positiveInteger(env, 'DECIDED_STATE_CACHE_ENTRIES', 10_000),
    operations: operationsConfig(env),
    externalUrl: (env.EXTERNAL_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
  };
}

/** The status thresholds every status read and transition uses (RUNNER_ONLINE_/STALE_TIMEOUT_SECONDS). */
export const statusThresholds = (config: AppConfig): StatusThresholds => ({ onlineTimeoutSeconds: config.onlineTimeoutSeconds, staleTimeoutSeconds: config.staleTimeoutSeconds });

/** What the heartbeat rules need: how often a routine contact is stored, and when a runner counts as offline. */
export const contactPolicy = (config: AppConfig): ContactPolicy => ({ contactThrottleSeconds: config.contactThrottleSeconds, onlineTimeoutSeconds: config.onlineTimeoutSeconds });

export const eventsFile = (config: AppConfig) => join(config.dataDir, 'events.sqlite');
export const queryModelsFile = (config: AppConfig) => join(config.dataDir, 'query-models.sqlite');
