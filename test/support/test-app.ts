import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/runner-registry/src/app.factory';
import { loadConfig, type AppConfig } from '@app/config/app-config';
import { FIXTURE_FILE } from './fixture-directory';

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  json<T = any>(): T;
}

export interface RequestOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is (set content-type in headers). */
  readonly payload?: unknown;
  readonly query?: Record<string, string | string[]>;
}

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  request(method: string, url: string, options?: RequestOptions): Promise<TestResponse>;
  /** Stops the app, keeping its data directory (for restart tests). */
  stop(): Promise<void>;
  /** Stops the app and deletes its data directory. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Changes a copy of the shared fixture before the app loads it (e.g. switch a setting off). */
  readonly editSeed?: (seed: any) => void;
}

/** A fresh app on a throwaway data directory, loaded with the shared fixture; requests go through Fastify's inject. */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'runner-registry-test-'));
  const seedFile = options.editSeed ? editedSeed(dataDir, options.editSeed) : FIXTURE_FILE;
  // The status monitor's timer is off unless a test asks for it: tests drive StatusMonitor.sweep() themselves.
  const config = loadConfig({ DIRECTORY_SEED_FILE: seedFile, STATUS_MONITOR_INTERVAL_MS: '0', ...env, DATA_DIR: dataDir, PORT: '0' });
  const app = await createApp(config, false);
  const fastify = app.getHttpAdapter().getInstance();
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };

  return {
    app,
    config,
    async request(method, url, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers['private-token'] = options.token;
      const isRaw = typeof options.payload === 'string' || Buffer.isBuffer(options.payload);
      const response = await fastify.inject({
        method: method as 'GET',
        url,
        query: options.query,
        headers,
        ...(options.payload === undefined ? {} : isRaw ? { payload: options.payload as string } : { payload: options.payload as object }),
      });
      return {
        status: response.statusCode,
        headers: response.headers as Record<string, string | string[] | undefined>,
        body: response.body,
        json: () => JSON.parse(response.body),
      };
    },
    stop,
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The edited seed lives in the app's data directory, so it goes when the app is closed. */
function editedSeed(dataDir: string, edit: (seed: any) => void): string {
  const seed = JSON.parse(readFileSync(FIXTURE_FILE, 'utf8'));
  edit(seed);
  const file = join(dataDir, 'directory-seed.json');
  writeFileSync(file, JSON.stringify(seed));
  return file;
}
