import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { EventStore } from '@app/event-store';
import { ProjectionEngine } from '@app/projections';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';

/** The Redis server on this machine (CI has one too); a failure to reach it fails the suite. */
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const ROOT = patOf('root');

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

describe('fresh contacts shared between replicas through Redis', () => {
  const prefix = `runner-registry-test-${randomUUID()}:`;
  const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-redis-'));
  const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, DATA_DIR: dataDir, RUNNER_CONTACT_THROTTLE_SECONDS: '3600' };
  const apps: TestApp[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a poll answered by one replica in the other replica’s reads, although it was never stored', async () => {
    const [a, b] = [await startTestApp(env), await startTestApp(env)];
    apps.push(a, b);
    const runner = (await a.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
    await a.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: 's_1' } });
    await b.app.get(ProjectionEngine).waitFor(await a.app.get<EventStore>(EVENT_STORE).headPosition());
    const stored = (await b.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json().contacted_at;

    await new Promise((resolve) => setTimeout(resolve, 20));
    await a.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: 's_1' } });
    const seenByA = (await a.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json().contacted_at;
    expect(seenByA > stored).toBe(true); // a newer contact, kept only in the cache (the throttle is an hour)

    const seenByB = await eventually(
      async () => (await b.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json().contacted_at,
      (value) => value === seenByA,
    );
    expect(seenByB).toBe(seenByA);
  });

  it('loads everyone’s fresh contacts when a replica starts', async () => {
    const [a] = apps;
    const runners = (await a.request('GET', '/api/v4/runners/all', { token: ROOT })).json();
    const before = (await a.request('GET', `/api/v4/runners/${runners[0].id}`, { token: ROOT })).json().contacted_at;
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the last batch reach Redis
    const c = await startTestApp(env);
    apps.push(c);
    expect((await c.request('GET', `/api/v4/runners/${runners[0].id}`, { token: ROOT })).json().contacted_at).toBe(before);
  });
});
