import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ThrowawayDatabases, type ThrowawayDatabase } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { ProjectionEngine } from '@app/projections';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startTestApp } from '../support/test-app';

const ROOT = patOf('root');

/**
 * DATABASE_URL keeps the log and the query models in PostgreSQL (the server on this machine; the
 * suite fails, never skips, when it is unreachable). The same API behaviour, plus what a shared
 * database gives: a restart resumes from the stored checkpoint, and two processes on one
 * database seed the directory once.
 */
describe('the service on PostgreSQL', () => {
  const databases = new ThrowawayDatabases();
  let database: ThrowawayDatabase;

  beforeAll(async () => {
    database = await databases.create();
  });
  afterAll(() => databases.dropAll());

  it('serves the runner lifecycle with read-your-writes, and resumes from its checkpoint after a restart', async () => {
    const env = { DATABASE_URL: database.connectionString };
    const first = await startTestApp(env);
    const runner = (await first.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN, tag_list: 'linux' } })).json();
    const updated = await first.request('PUT', `/api/v4/runners/${runner.id}`, { token: ROOT, payload: { paused: true, description: 'on postgres' } });
    expect(updated.json()).toMatchObject({ paused: true, description: 'on postgres', tag_list: ['linux'] });
    expect((await first.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json().description).toBe('on postgres');
    expect((await first.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token } })).status).toBe(204);
    await first.close();

    const second = await startTestApp(env);
    try {
      expect(second.app.get(ProjectionEngine).resumedAfter).toBeGreaterThan(0);
      const detail = (await second.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json();
      expect(detail).toMatchObject({ id: runner.id, paused: true, description: 'on postgres', status: 'paused', online: true });
      const next = (await second.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
      expect(next.id).toBe(runner.id + 1);
    } finally {
      await second.close();
    }
  });

  it('seeds the directory once when two processes start on one database at the same time', async () => {
    const shared = await databases.create();
    const env = { DATABASE_URL: shared.connectionString };
    const [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    try {
      for (const app of [a, b]) expect((await app.request('GET', '/api/v4/runners/all', { token: ROOT })).status).toBe(200);
      const pg = await import('pg');
      const client = new pg.Client({ connectionString: shared.connectionString });
      await client.connect();
      const { rows } = await client.query("SELECT count(*)::int AS n FROM events WHERE type = 'UserProvisioned'");
      await client.end();
      expect(rows[0].n).toBe(8);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
