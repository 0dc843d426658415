import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function sqliteSynchronous(raw: string | undefined): 'NORMAL' | 'FULL' {
  const value = (raw || 'NORMAL').toUpperCase();
  if (value !== 'NORMAL' && value !== 'FULL') throw new Error(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, got "${raw}"`);
  return value;
}

/** The fixture beside a checkout (../shared) when present, else the example committed with the project. */
function defaultSeedFile(): string | null {
  const candidates = [resolve('../shared/fixtures/directory.json'), resolve('config/directory.example.json')];
  return candidates.find((file) => existsSync(file)) ?? null;
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
    externalUrl: (env.EXTERNAL_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
  };
}

export const eventsFile = (config: AppConfig) => join(config.dataDir, 'events.sqlite');
export const queryModelsFile = (config: AppConfig) => join(config.dataDir, 'query-models.sqlite');
