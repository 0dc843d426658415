import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/runners/reset_authentication_token — a runner rotates its own token (GitLab lib/api/ci/runner.rb, lib/api/entities/ci/reset_token_result.rb, app/models/ci/runner.rb). */

const RUNNERS = '/api/v4/runners';
const RESET = `${RUNNERS}/reset_authentication_token`;
const ROOT = patOf('root');
const FRIENDLY = '[A-HJ-NP-Za-km-z1-9_-]{20}';

describe('POST /api/v4/runners/reset_authentication_token', () => {
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
  const verify = (token: string) => app.request('POST', `${RUNNERS}/verify`, { payload: { token } });

  it('a missing token is 400 {"error":"token is missing"}', async () => {
    const response = await app.request('POST', RESET, { payload: {} });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'token is missing' });
  });

  it('an invalid token is 403 {"message":"403 Forbidden"}', async () => {
    const response = await app.request('POST', RESET, { payload: { token: 'garbage' } });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('201 exactly {token, token_expires_at}; the new token works, the old one is dead', async () => {
    const runner = await register();
    const response = await app.request('POST', RESET, { payload: { token: runner.token } });
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json();
    expect(Object.keys(body)).toEqual(['token', 'token_expires_at']);
    expect(body).toEqual({ token: expect.any(String), token_expires_at: null });
    expect(body.token).not.toBe(runner.token);
    expect(body.token).toMatch(new RegExp(`^t1_${FRIENDLY}$`));

    const old = await verify(runner.token);
    expect(old.status).toBe(403);
    expect(old.json()).toEqual({ message: '403 Forbidden' });
    const fresh = await verify(body.token);
    expect(fresh.status).toBe(200);
    expect(fresh.json()).toEqual({ id: runner.id, token: body.token, token_expires_at: null });
  });

  it('authenticating to reset counts as contact (heartbeat): contacted_at set, status online', async () => {
    const runner = await register();
    const before = (await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).json();
    expect(before).toMatchObject({ contacted_at: null, status: 'never_contacted' });
    expect((await app.request('POST', RESET, { payload: { token: runner.token } })).status).toBe(201);
    const after = (await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).json();
    expect(after.contacted_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(after).toMatchObject({ status: 'online', online: true });
  });

  it('the old token cannot reset again', async () => {
    const runner = await register();
    expect((await app.request('POST', RESET, { payload: { token: runner.token } })).status).toBe(201);
    const again = await app.request('POST', RESET, { payload: { token: runner.token } });
    expect(again.status).toBe(403);
    expect(again.json()).toEqual({ message: '403 Forbidden' });
  });

  it('keeps the prefix of the runner type (t2_ group, t3_ project)', async () => {
    const group = await register(groupRegistrationToken(9));
    const project = await register(projectRegistrationToken(1));
    const groupReset = await app.request('POST', RESET, { payload: { token: group.token } });
    const projectReset = await app.request('POST', RESET, { payload: { token: project.token } });
    expect(groupReset.status).toBe(201);
    expect(projectReset.status).toBe(201);
    expect(groupReset.json().token).toMatch(new RegExp(`^t2_${FRIENDLY}$`));
    expect(projectReset.json().token).toMatch(new RegExp(`^t3_${FRIENDLY}$`));
  });

  it('the runner keeps its id and attributes', async () => {
    const created = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN, description: 'keep me', tag_list: 'a' } });
    const runner = created.json();
    const before = (await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).json();
    const reset = await app.request('POST', RESET, { payload: { token: runner.token } });
    expect(reset.status).toBe(201);
    const after = (await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).json();
    expect(after).toMatchObject({ id: runner.id, description: 'keep me', tag_list: ['a'], runner_type: before.runner_type });
  });

  it('accepts the token from a form body and the query string', async () => {
    const runner = await register();
    const viaForm = await app.request('POST', RESET, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(runner.token)}`,
    });
    expect(viaForm.status).toBe(201);
    const viaQuery = await app.request('POST', RESET, { query: { token: viaForm.json().token } });
    expect(viaQuery.status).toBe(201);
    expect((await verify(viaQuery.json().token)).status).toBe(200);
  });

  it('a deleted runner\'s token cannot reset', async () => {
    const runner = await register();
    expect((await app.request('DELETE', RUNNERS, { payload: { token: runner.token } })).status).toBe(204);
    const response = await app.request('POST', RESET, { payload: { token: runner.token } });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });
});
