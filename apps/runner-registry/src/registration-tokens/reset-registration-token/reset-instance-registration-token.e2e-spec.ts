import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/runners/reset_registration_token — replace the instance registration token (GitLab lib/api/ci/runners.rb, lib/api/entities/ci/reset_token_result.rb, app/models/application_setting.rb). */

const RUNNERS = '/api/v4/runners';
const RESET = `${RUNNERS}/reset_registration_token`;
const ROOT = patOf('root');
const FRIENDLY = /^[A-HJ-NP-Za-km-z1-9_-]{20}$/;

describe('POST /api/v4/runners/reset_registration_token', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const reset = (token?: string) => app.request('POST', RESET, { token });
  const register = (token: string) => app.request('POST', RUNNERS, { payload: { token } });

  it('anonymous → 401', async () => {
    const response = await reset();
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: '401 Unauthorized' });
  });

  it('eve → 403 {"message":"403 Forbidden"}', async () => {
    const response = await reset(patOf('eve'));
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('the auditor → 403 (reading everything is not administering)', async () => {
    const response = await reset(patOf('auditor'));
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('a read_api PAT → 403 insufficient_scope', async () => {
    const response = await reset(patOf('bob', 'read_api'));
    expect(response.status).toBe(403);
    expect(response.json().error).toBe('insufficient_scope');
  });

  it('refusals leave the instance token working', async () => {
    expect((await register(INSTANCE_REGISTRATION_TOKEN)).status).toBe(201);
  });

  it('root → 201 exactly {token}; the old token is refused with 403, the new one registers instance runners', async () => {
    const response = await reset(ROOT);
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json();
    expect(Object.keys(body)).toEqual(['token']);
    expect(body.token).toMatch(FRIENDLY);
    expect(body.token).not.toBe(INSTANCE_REGISTRATION_TOKEN);

    const old = await register(INSTANCE_REGISTRATION_TOKEN);
    expect(old.status).toBe(403);
    expect(old.json()).toEqual({ message: '403 Forbidden - invalid token supplied' });

    const fresh = await register(body.token);
    expect(fresh.status).toBe(201);
    const runner = await app.request('GET', `${RUNNERS}/${fresh.json().id}`, { token: ROOT });
    expect(runner.json()).toMatchObject({ runner_type: 'instance_type', is_shared: true });
  });

  it('resetting again invalidates the previous new token', async () => {
    const first = (await reset(ROOT)).json().token;
    const second = (await reset(ROOT)).json().token;
    expect(second).not.toBe(first);
    expect((await register(first)).status).toBe(403);
    expect((await register(second)).status).toBe(201);
  });

  it('group registration tokens are not affected', async () => {
    expect((await register(groupRegistrationToken(9))).status).toBe(201);
  });

  it('the reset token survives a restart of the app', async () => {
    const token = (await reset(ROOT)).json().token;
    await app.stop();
    const restarted = await startTestApp({ DATA_DIR: app.config.dataDir });
    try {
      expect((await restarted.request('POST', RUNNERS, { payload: { token } })).status).toBe(201);
      expect((await restarted.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).status).toBe(403);
    } finally {
      await restarted.close();
    }
  });
});

describe('POST /api/v4/runners/reset_registration_token with registration tokens disabled', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, {
      editSeed: (s) => {
        s.settings.allow_runner_registration_token = false;
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('root → 403 {"message":"403 Forbidden"}', async () => {
    const response = await app.request('POST', RESET, { token: ROOT });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('eve → 403, anonymous → 401', async () => {
    expect((await app.request('POST', RESET, { token: patOf('eve') })).status).toBe(403);
    expect((await app.request('POST', RESET)).status).toBe(401);
  });
});
