import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** DELETE /api/v4/runners/:id — delete a runner (spec §7.8, §1.2, §1.3). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const EVE = patOf('eve');

describe('DELETE /api/v4/runners/:id', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const register = async (token = INSTANCE_REGISTRATION_TOKEN) => {
    const response = await app.request('POST', RUNNERS, { payload: { token } });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };
  const remove = (id: number | string, token?: string, headers?: Record<string, string>) => app.request('DELETE', `${RUNNERS}/${id}`, { token, headers });
  const expectExists = async (runner: { id: number; token: string }) => {
    expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).status).toBe(200);
    expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } })).status).toBe(200);
  };

  it('root → 204 with an empty body; then GET is 404, the token is dead and the runner is not listed', async () => {
    const runner = await register();
    const response = await remove(runner.id, ROOT);
    expect(response.status).toBe(204);
    expect(response.body).toBe('');

    const get = await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT });
    expect(get.status).toBe(404);
    expect(get.json()).toEqual({ message: '404 Runner Not Found' });
    const verify = await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } });
    expect(verify.status).toBe(403);
    const list = await app.request('GET', `${RUNNERS}/all`, { token: ROOT, query: { per_page: '100' } });
    expect(list.json().map((r: { id: number }) => r.id)).not.toContain(runner.id);
  });

  it('root deletes a project runner → 204', async () => {
    const runner = await register(projectRegistrationToken(1));
    expect((await remove(runner.id, ROOT)).status).toBe(204);
    expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).status).toBe(404);
  });

  it('deleting twice: the second is 404', async () => {
    const runner = await register();
    expect((await remove(runner.id, ROOT)).status).toBe(204);
    const again = await remove(runner.id, ROOT);
    expect(again.status).toBe(404);
    expect(again.json()).toEqual({ message: '404 Runner Not Found' });
  });

  it('If-Unmodified-Since older than the last change → 412 and the runner still exists', async () => {
    const runner = await register();
    const response = await remove(runner.id, ROOT, { 'if-unmodified-since': new Date(Date.now() - 86_400_000).toUTCString() });
    expect(response.status).toBe(412);
    expect(response.json()).toEqual({ message: '412 Precondition Failed' });
    await expectExists(runner);
  });

  it('If-Unmodified-Since in the future → 204', async () => {
    const runner = await register();
    const response = await remove(runner.id, ROOT, { 'if-unmodified-since': new Date(Date.now() + 86_400_000).toUTCString() });
    expect(response.status).toBe(204);
  });

  it('eve → 403 No access granted, the runner survives', async () => {
    const runner = await register();
    const response = await remove(runner.id, EVE);
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
    await expectExists(runner);
  });

  it('the auditor → 403 No access granted', async () => {
    const runner = await register();
    const response = await remove(runner.id, patOf('auditor'));
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
    await expectExists(runner);
  });

  it('a read_api PAT → 403 insufficient_scope, the runner survives', async () => {
    const runner = await register();
    const response = await remove(runner.id, patOf('bob', 'read_api'));
    expect(response.status).toBe(403);
    expect(response.json().error).toBe('insufficient_scope');
    await expectExists(runner);
  });

  it('anonymous → 401, the runner survives', async () => {
    const runner = await register();
    const response = await remove(runner.id);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: '401 Unauthorized' });
    await expectExists(runner);
  });

  it('an unknown runner → 404 (for eve as well: existence is checked first)', async () => {
    for (const token of [ROOT, EVE]) {
      const response = await remove(424242, token);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Runner Not Found' });
    }
  });

  it('id=abc → 400 id is invalid', async () => {
    const response = await remove('abc', ROOT);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'id is invalid' });
  });

  it('ids are never reused: a runner registered after deleting the newest one gets a new id', async () => {
    const runner = await register();
    expect((await remove(runner.id, ROOT)).status).toBe(204);
    const next = await register();
    expect(next.id).toBe(runner.id + 1);
  });
});
