import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SqliteEventStore } from '@app/event-store';
import { DirectoryProjection, ProjectionEngine, RunnersProjection, SqliteQueryModelStore, type PersistedDocument } from '@app/projections';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';

const ROOT = patOf('root');
const sorted = (docs: PersistedDocument[]) => [...docs].sort((a, b) => `${a.collection}/${a.id}`.localeCompare(`${b.collection}/${b.id}`));

async function exerciseEveryEvent(app: TestApp): Promise<void> {
  const tokens: string[] = [];
  for (let i = 0; i < 12; i++) {
    const res = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN, description: `r${i}`, tag_list: ['a', `t${i}`] } });
    tokens.push(res.json().token);
  }
  await app.request('PUT', '/api/v4/runners/2', { token: ROOT, payload: { paused: true, description: 'changed', maximum_timeout: 3600 } });
  await app.request('PUT', '/api/v4/runners/3', { token: ROOT, payload: { paused: true } });
  await app.request('PUT', '/api/v4/runners/3', { token: ROOT, payload: { paused: false, locked: true } });
  await app.request('POST', '/api/v4/runners/4/reset_authentication_token', { token: ROOT });
  await app.request('POST', '/api/v4/runners/verify', { payload: { token: tokens[4] } });
  await app.request('DELETE', '/api/v4/runners/6', { token: ROOT });
  await app.request('DELETE', '/api/v4/runners', { payload: { token: tokens[6] } });
  await app.request('POST', '/api/v4/runners/reset_registration_token', { token: ROOT });
}

describe('query models: checkpoints, restart and replay from zero', () => {
  let app: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-replay-'));
    app = await startTestApp({ DATA_DIR: dataDir });
    await exerciseEveryEvent(app);
    await app.stop();
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds exactly the same query models when replaying the log from zero', async () => {
    const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
    const live = SqliteQueryModelStore.open(join(dataDir, 'query-models.sqlite'));
    const fresh = SqliteQueryModelStore.open(':memory:');
    try {
      const engine = new ProjectionEngine(store, fresh, [new DirectoryProjection(), new RunnersProjection()]);
      await engine.start();
      await engine.stop();
      expect(engine.resumedAfter).toBe(0);
      for (const name of ['directory', 'runners']) {
        const [a, b] = [await live.load(name), await fresh.load(name)];
        expect(b.checkpoint).toBe(a.checkpoint);
        expect(sorted(b.documents)).toEqual(sorted(a.documents));
        expect(a.documents.length).toBeGreaterThan(5);
      }
    } finally {
      await Promise.all([store.close(), live.close(), fresh.close()]);
    }
  });

  it('resumes from its checkpoint on restart instead of replaying everything', async () => {
    const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
    const head = await store.headPosition();
    await store.close();

    const restarted = await startTestApp({ DATA_DIR: dataDir });
    try {
      expect(restarted.app.get(ProjectionEngine).resumedAfter).toBe(head);
      const runner = await restarted.request('GET', '/api/v4/runners/2', { token: ROOT });
      expect(runner.json()).toMatchObject({ description: 'changed', paused: true, maximum_timeout: 3600 });
      expect((await restarted.request('GET', '/api/v4/runners/6', { token: ROOT })).status).toBe(404);
      const all = await restarted.request('GET', '/api/v4/runners/all?per_page=100', { token: ROOT });
      expect(all.json().map((r: { id: number }) => r.id)).toEqual([1, 2, 3, 4, 5, 8, 9, 10, 11, 12]);
      // Ids are never reused, even after deletions and a restart.
      const next = await restarted.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
      expect(next.status).toBe(403); // the instance token was reset before the restart
    } finally {
      await restarted.stop();
    }
  });
});
