import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ThrowawayDatabases, type ThrowawayDatabase } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

const ROOT = patOf('root');

/**
 * Two service processes on one PostgreSQL database, as two replicas behind a load balancer: the
 * client alternates between them and must never notice. (READ_CONSISTENCY defaults to `replicas`
 * with DATABASE_URL; the barrier is what makes the alternating reads below pass.)
 */
describe('two replicas on one PostgreSQL database', () => {
  const databases = new ThrowawayDatabases();
  let database: ThrowawayDatabase;
  let a: ServiceProcess;
  let b: ServiceProcess;

  beforeAll(async () => {
    database = await databases.create();
    const env = { DATABASE_URL: database.connectionString, KAFKA_BROKERS: '' };
    [a, b] = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await databases.dropAll();
  });

  const call = async (replica: ServiceProcess, method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers['private-token'] = token;
    const response = await fetch(replica.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  it('loaded the directory seed once', async () => {
    const pg = await import('pg');
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM events WHERE type = 'UserProvisioned'");
      expect(rows[0].n).toBe(8);
    } finally {
      await client.end();
    }
  });

  it('shows a write through one replica on the very next read through the other', async () => {
    for (let i = 0; i < 40; i++) {
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      const registered = await call(writer, 'POST', '/api/v4/runners', { token: INSTANCE_REGISTRATION_TOKEN, description: `r${i}` });
      expect(registered.status).toBe(201);
      // The runner's own token works on the other replica at once (the agent's register-then-verify).
      expect((await call(reader, 'POST', '/api/v4/runners/verify', { token: registered.body.token })).status).toBe(200);
      const updated = await call(reader, 'PUT', `/api/v4/runners/${registered.body.id}`, { description: `updated ${i}` }, ROOT);
      expect(updated.status).toBe(200);
      const read = await call(writer, 'GET', `/api/v4/runners/${registered.body.id}`, undefined, ROOT);
      expect(read).toMatchObject({ status: 200, body: { id: registered.body.id, description: `updated ${i}` } });
    }
  });

  it('loses no update when two replicas change one runner at the same time', async () => {
    const runner = (await call(a, 'POST', '/api/v4/runners', { token: projectRegistrationToken(1) })).body;
    for (let round = 0; round < 15; round++) {
      const [viaA, viaB] = await Promise.all([
        call(a, 'PUT', `/api/v4/runners/${runner.id}`, { description: `round ${round}` }, ROOT),
        call(b, 'PUT', `/api/v4/runners/${runner.id}`, { maximum_timeout: 600 + round }, ROOT),
      ]);
      expect([viaA.status, viaB.status]).toEqual([200, 200]);
      for (const replica of [a, b]) {
        expect((await call(replica, 'GET', `/api/v4/runners/${runner.id}`, undefined, ROOT)).body).toMatchObject({
          description: `round ${round}`,
          maximum_timeout: 600 + round,
        });
      }
    }
    const assignments = await Promise.all(
      [2, 3, 4].map((project, i) => call(i % 2 ? a : b, 'POST', `/api/v4/projects/${project}/runners`, { runner_id: runner.id }, ROOT)),
    );
    expect(assignments.map((r) => r.status)).toEqual([201, 201, 201]);
    const detail = (await call(b, 'GET', `/api/v4/runners/${runner.id}`, undefined, ROOT)).body;
    expect(detail.projects.map((p: { id: number }) => p.id).sort()).toEqual([1, 2, 3, 4]);
  });
  it("decides on the log, not on a replica's cached state: each replica's commands see the other's writes", async () => {
    const runner = (await call(a, 'POST', '/api/v4/runners', { token: INSTANCE_REGISTRATION_TOKEN })).body;
    const put = (replica: ServiceProcess, body: unknown) => call(replica, 'PUT', `/api/v4/runners/${runner.id}`, body, ROOT);
    const untaggedRefused = { status: 400, body: { message: { tags_list: ['can not be empty when runner is not allowed to pick untagged jobs'] } } };
    for (let round = 0; round < 5; round++) {
      // Replica a decides on this runner (and caches its state: no tags).
      expect((await put(a, { description: `round ${round}` })).status).toBe(200);
      // Replica b gives it tags; a stale cache on a would still see none and refuse the next PUT.
      expect((await put(b, { tag_list: ['linux'] })).status).toBe(200);
      expect(await put(a, { run_untagged: false })).toMatchObject({ status: 200, body: { run_untagged: false, tag_list: ['linux'] } });
      // And back: b allows untagged jobs again and a removes the tags, which a stale cache would refuse.
      expect((await put(b, { run_untagged: true })).status).toBe(200);
      expect(await put(a, { tag_list: [] })).toMatchObject({ status: 200, body: { run_untagged: true, tag_list: [] } });
      expect(await put(b, { run_untagged: false })).toMatchObject(untaggedRefused);
    }
  });
});
