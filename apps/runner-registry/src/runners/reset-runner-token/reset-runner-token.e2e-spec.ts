import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/runners/:id/reset_authentication_token — rotate a runner's token (spec §7.10, §2.4). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const EVE = patOf('eve');
const FRIENDLY = '[A-HJ-NP-Za-km-z1-9_-]{20}';

describe('POST /api/v4/runners/:id/reset_authentication_token', () => {
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
  const reset = (id: number | string, token?: string) => app.request('POST', `${RUNNERS}/${id}/reset_authentication_token`, { token });
  const verify = (token: string) => app.request('POST', `${RUNNERS}/verify`, { payload: { token } });

  it('root → 201 exactly {token, token_expires_at: null}; the old token dies, the new one works', async () => {
    const runner = await register();
    const response = await reset(runner.id, ROOT);
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json();
    expect(Object.keys(body)).toEqual(['token', 'token_expires_at']);
    expect(body).toEqual({ token: expect.stringMatching(new RegExp(`^t1_${FRIENDLY}$`)), token_expires_at: null });
    expect(body.token).not.toBe(runner.token);

    const old = await verify(runner.token);
    expect(old.status).toBe(403);
    expect(old.json()).toEqual({ message: '403 Forbidden' });
    const fresh = await verify(body.token);
    expect(fresh.status).toBe(200);
    expect(fresh.json()).toEqual({ id: runner.id, token: body.token, token_expires_at: null });
  });

  it('keeps the type prefix for group (t2_) and project (t3_) runners', async () => {
    const group = await register(groupRegistrationToken(9));
    const project = await register(projectRegistrationToken(1));
    expect((await reset(group.id, ROOT)).json().token).toMatch(new RegExp(`^t2_${FRIENDLY}$`));
    expect((await reset(project.id, ROOT)).json().token).toMatch(new RegExp(`^t3_${FRIENDLY}$`));
  });

  it('does not count as contact by the runner', async () => {
    const runner = await register();
    expect((await reset(runner.id, ROOT)).status).toBe(201);
    const shown = (await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).json();
    expect(shown).toMatchObject({ contacted_at: null, status: 'never_contacted' });
  });

  it('eve → 403 No access granted; the token keeps working', async () => {
    const runner = await register();
    const response = await reset(runner.id, EVE);
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
    expect((await verify(runner.token)).status).toBe(200);
  });

  it('the auditor → 403 No access granted', async () => {
    const runner = await register();
    const response = await reset(runner.id, patOf('auditor'));
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
    expect((await verify(runner.token)).status).toBe(200);
  });

  it('a read_api PAT → 403 insufficient_scope', async () => {
    const runner = await register();
    const response = await reset(runner.id, patOf('bob', 'read_api'));
    expect(response.status).toBe(403);
    expect(response.json().error).toBe('insufficient_scope');
    expect((await verify(runner.token)).status).toBe(200);
  });

  it('anonymous → 401; the token keeps working', async () => {
    const runner = await register();
    const response = await reset(runner.id);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: '401 Unauthorized' });
    expect((await verify(runner.token)).status).toBe(200);
  });

  it('an unknown runner → 404', async () => {
    for (const token of [ROOT, EVE]) {
      const response = await reset(31337, token);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Runner Not Found' });
    }
  });

  it('id=abc → 400 id is invalid', async () => {
    const response = await reset('abc', ROOT);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'id is invalid' });
  });

  it('resetting twice gives two different tokens; only the last one works', async () => {
    const runner = await register();
    const first = (await reset(runner.id, ROOT)).json().token;
    const second = (await reset(runner.id, ROOT)).json().token;
    expect(new Set([runner.token, first, second]).size).toBe(3);
    expect((await verify(first)).status).toBe(403);
    expect((await verify(second)).status).toBe(200);
  });
});
