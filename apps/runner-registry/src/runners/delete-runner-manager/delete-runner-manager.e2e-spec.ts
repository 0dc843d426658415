import type { EventStore } from '@app/event-store';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { EVENT_STORE } from '../../kernel/tokens';

/**
 * DELETE /api/v4/runners/managers — a runner removes one of its managers by system_id
 * (GitLab lib/api/ci/runner.rb, lib/api/ci/helpers/runner.rb, lib/api/helpers.rb). Not contact (newest: no heartbeat on this endpoint).
 */

const API = '/api/v4';
const RUNNERS = `${API}/runners`;
const MANAGERS = `${RUNNERS}/managers`;
const ROOT = patOf('root');
const NOT_FOUND = { message: '404 Runner manager not found Not Found' };

interface Runner {
  id: number;
  token: string;
}

describe('DELETE /api/v4/runners/managers', () => {
  let app: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    app = await startTestApp();
    store = app.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await app.close();
  });

  const register = async (): Promise<Runner> => {
    const response = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    expect(response.status).toBe(201);
    return response.json<Runner>();
  };
  const poll = async (runner: Runner, system_id: string) => {
    const response = await app.request('POST', `${API}/jobs/request`, { payload: { token: runner.token, system_id, info: { version: '17.0.0' } } });
    expect(response.status).toBe(204);
  };
  /** A runner with managers for each system id. */
  const runnerWith = async (...systemIds: string[]) => {
    const runner = await register();
    for (const systemId of systemIds) await poll(runner, systemId);
    return runner;
  };
  const systemIds = async (id: number) => {
    const response = await app.request('GET', `${RUNNERS}/${id}/managers`, { token: ROOT });
    expect(response.status).toBe(200);
    return response.json<{ system_id: string }[]>().map((m) => m.system_id);
  };
  const remove = (payload: Record<string, unknown>) => app.request('DELETE', MANAGERS, { payload });

  describe('params and authentication', () => {
    it('no params → 400 naming both missing params', async () => {
      const response = await remove({});
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'token is missing, system_id is missing' });
    });

    it('a missing token → 400 {"error":"token is missing"}', async () => {
      const response = await remove({ system_id: 's_x' });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'token is missing' });
    });

    it('a missing system_id → 400 {"error":"system_id is missing"}, even with a valid token', async () => {
      const runner = await runnerWith('s_kept');
      const response = await remove({ token: runner.token });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'system_id is missing' });
      expect(await systemIds(runner.id)).toEqual(['s_kept']);
    });

    it('an invalid token → 403 {"message":"403 Forbidden"}', async () => {
      const response = await remove({ token: 'glrt-not-a-real-token-000', system_id: 's_x' });
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
    });

    it('a registration token is not a runner token → 403', async () => {
      const response = await remove({ token: INSTANCE_REGISTRATION_TOKEN, system_id: 's_x' });
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
    });
  });

  describe('deleting', () => {
    it('an unknown system_id → 404 {"message":"404 Runner manager not found Not Found"}', async () => {
      const runner = await runnerWith('s_known');
      const response = await remove({ token: runner.token, system_id: 's_unknown' });
      expect(response.status).toBe(404);
      expect(response.json()).toEqual(NOT_FOUND);
      expect(await systemIds(runner.id)).toEqual(['s_known']);
    });

    it('a runner without managers → 404', async () => {
      const runner = await register();
      const response = await remove({ token: runner.token, system_id: '<legacy>' });
      expect(response.status).toBe(404);
      expect(response.json()).toEqual(NOT_FOUND);
    });

    it('another runner\'s manager → 404, and that manager stays', async () => {
      const owner = await runnerWith('s_theirs');
      const other = await runnerWith('s_mine');
      const response = await remove({ token: other.token, system_id: 's_theirs' });
      expect(response.status).toBe(404);
      expect(response.json()).toEqual(NOT_FOUND);
      expect(await systemIds(owner.id)).toEqual(['s_theirs']);
    });

    it('success → 204 with an empty body; the manager is gone from GET /runners/:id/managers', async () => {
      const runner = await runnerWith('s_gone');
      const response = await remove({ token: runner.token, system_id: 's_gone' });
      expect(response.status).toBe(204);
      expect(response.body).toBe('');
      expect(await systemIds(runner.id)).toEqual([]);
    });

    it('deleting one manager leaves the others', async () => {
      const runner = await runnerWith('s_one', 's_two', 's_three');
      expect((await remove({ token: runner.token, system_id: 's_two' })).status).toBe(204);
      expect(await systemIds(runner.id)).toEqual(['s_one', 's_three']);
    });

    it('deleting the same manager twice → 204, then 404', async () => {
      const runner = await runnerWith('s_twice');
      expect((await remove({ token: runner.token, system_id: 's_twice' })).status).toBe(204);
      const again = await remove({ token: runner.token, system_id: 's_twice' });
      expect(again.status).toBe(404);
      expect(again.json()).toEqual(NOT_FOUND);
    });

    it('the <legacy> manager can be deleted by its system_id', async () => {
      const runner = await register();
      expect((await app.request('POST', `${API}/jobs/request`, { payload: { token: runner.token } })).status).toBe(204);
      expect(await systemIds(runner.id)).toEqual(['<legacy>']);
      expect((await remove({ token: runner.token, system_id: '<legacy>' })).status).toBe(204);
      expect(await systemIds(runner.id)).toEqual([]);
    });

    it('params are read from a form body and from the query string', async () => {
      const runner = await runnerWith('s_form', 's_query');
      const form = await app.request('DELETE', MANAGERS, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `token=${encodeURIComponent(runner.token)}&system_id=s_form`,
      });
      expect(form.status).toBe(204);
      const query = await app.request('DELETE', MANAGERS, { query: { token: runner.token, system_id: 's_query' } });
      expect(query.status).toBe(204);
      expect(await systemIds(runner.id)).toEqual([]);
    });

    it('stores exactly one RunnerManagerDeleted and no contact; the runner itself stays', async () => {
      const runner = await runnerWith('s_logged');
      const before = (await store.readStream(`runner-${runner.id}`)).length;
      expect((await remove({ token: runner.token, system_id: 's_logged' })).status).toBe(204);
      const added = (await store.readStream(`runner-${runner.id}`)).slice(before);
      expect(added.map((e) => e.type)).toEqual(['RunnerManagerDeleted']);
      expect(added[0].data).toMatchObject({ runnerId: runner.id, systemId: 's_logged' });
      expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).status).toBe(200);
      expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } })).status).toBe(200);
    });

    it('a deleted manager that polls again comes back as a new manager', async () => {
      const runner = await runnerWith('s_back');
      const list = async () => (await app.request('GET', `${RUNNERS}/${runner.id}/managers`, { token: ROOT })).json<{ id: number; system_id: string }[]>();
      const [old] = await list();
      expect((await remove({ token: runner.token, system_id: 's_back' })).status).toBe(204);
      await poll(runner, 's_back');
      const [fresh] = await list();
      expect(fresh.system_id).toBe('s_back');
      expect(fresh.id).toBeGreaterThan(old.id);
    });
  });
});
