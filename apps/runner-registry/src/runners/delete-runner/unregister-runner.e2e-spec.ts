import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** DELETE /api/v4/runners — a runner unregisters itself with its own token (GitLab lib/api/ci/runner.rb, lib/api/helpers.rb). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');

describe('DELETE /api/v4/runners (unregister by runner token)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const register = async () => {
    const response = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };

  const expectGone = async (runner: { id: number; token: string }) => {
    const get = await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT });
    expect(get.status).toBe(404);
    expect(get.json()).toEqual({ message: '404 Runner Not Found' });
    const verify = await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } });
    expect(verify.status).toBe(403);
    expect(verify.json()).toEqual({ message: '403 Forbidden' });
  };

  it('a missing token is 400 {"error":"token is missing"}', async () => {
    const response = await app.request('DELETE', RUNNERS, { payload: {} });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'token is missing' });
  });

  it('an invalid token is 403 {"message":"403 Forbidden"}', async () => {
    const response = await app.request('DELETE', RUNNERS, { payload: { token: 'invalid' } });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('token in a JSON body → 204 with an empty body; the runner is gone and its token dead', async () => {
    const runner = await register();
    const response = await app.request('DELETE', RUNNERS, { payload: { token: runner.token } });
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    await expectGone(runner);
  });

  it('token in a form body → 204', async () => {
    const runner = await register();
    const response = await app.request('DELETE', RUNNERS, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(runner.token)}`,
    });
    expect(response.status).toBe(204);
    await expectGone(runner);
  });

  it('token in the query string → 204', async () => {
    const runner = await register();
    const response = await app.request('DELETE', RUNNERS, { query: { token: runner.token } });
    expect(response.status).toBe(204);
    await expectGone(runner);
  });

  it('unregistering twice: the second call is 403 (the token no longer exists)', async () => {
    const runner = await register();
    expect((await app.request('DELETE', RUNNERS, { payload: { token: runner.token } })).status).toBe(204);
    const again = await app.request('DELETE', RUNNERS, { payload: { token: runner.token } });
    expect(again.status).toBe(403);
    expect(again.json()).toEqual({ message: '403 Forbidden' });
  });

  it('unregistering one runner leaves the others alone', async () => {
    const keep = await register();
    const drop = await register();
    expect((await app.request('DELETE', RUNNERS, { payload: { token: drop.token } })).status).toBe(204);
    expect((await app.request('GET', `${RUNNERS}/${keep.id}`, { token: ROOT })).status).toBe(200);
    expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: keep.token } })).status).toBe(200);
  });

  it('If-Unmodified-Since older than the last change → 412 and the runner still exists', async () => {
    const runner = await register();
    const response = await app.request('DELETE', RUNNERS, {
      payload: { token: runner.token },
      headers: { 'if-unmodified-since': new Date(Date.now() - 3600_000).toUTCString() },
    });
    expect(response.status).toBe(412);
    expect(response.json()).toEqual({ message: '412 Precondition Failed' });
    expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).status).toBe(200);
    expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } })).status).toBe(200);
  });

  it('If-Unmodified-Since in the future → 204', async () => {
    const runner = await register();
    const response = await app.request('DELETE', RUNNERS, {
      payload: { token: runner.token },
      headers: { 'if-unmodified-since': new Date(Date.now() + 3600_000).toUTCString() },
    });
    expect(response.status).toBe(204);
    await expectGone(runner);
  });
});
