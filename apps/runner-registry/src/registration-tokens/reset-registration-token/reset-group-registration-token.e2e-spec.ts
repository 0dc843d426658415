import { groupRegistrationToken, patOf } from '../../../../../test/support/fixture-directory';

import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/groups/:id/runners/reset_registration_token — replace a group's registration token (GitLab lib/api/ci/runners.rb, app/models/application_setting.rb, lib/api/entities/ci/reset_token_result.rb, spec/requests/api/ci/runners_spec.rb). */

const ROOT = patOf('root');
const ALICE = patOf('alice');
const GROUP_TOKEN = /^GR1348941[A-HJ-NP-Za-km-z1-9_-]{20}$/;
const resetPath = (id: number | string) => `/api/v4/groups/${id}/runners/reset_registration_token`;

describe('POST /api/v4/groups/:id/runners/reset_registration_token', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const reset = (id: number | string, token?: string) => app.request('POST', resetPath(id), { token });
  const register = (token: string) => app.request('POST', '/api/v4/runners', { payload: { token } });
  const expectRefused = (response: { status: number; json(): unknown }, status: number, body: unknown) => {
    expect(response.status).toBe(status);
    expect(response.json()).toEqual(body);
  };

  describe('refusals; the token keeps working after each', () => {
    afterEach(async () => {
      expect((await register(groupRegistrationToken(9))).status).toBe(201);
    });

    it('anonymous → 401', async () => {
      expectRefused(await reset(9), 401, { message: '401 Unauthorized' });
    });

    it.each(['eve', 'mallory'])('%s (cannot see the group) → 404 {"message":"404 Group Not Found"}', async (user) => {
      expectRefused(await reset(9, patOf(user)), 404, { message: '404 Group Not Found' });
    });

    it.each(['some%20string', '424242', 'gitlab-org%2Fnope'])('id %s → 404 Group Not Found', async (id) => {
      expectRefused(await reset(id, ROOT), 404, { message: '404 Group Not Found' });
    });

    it.each(['bob', 'carol', 'dave', 'auditor'])('%s (can see the group, not its Owner) → 403 {"message":"403 Forbidden"}', async (user) => {
      expectRefused(await reset(9, patOf(user)), 403, { message: '403 Forbidden' });
    });

    it.each([
      ['read_api', () => patOf('bob', 'read_api')],
      ['manage_runner', () => patOf('alice', 'manage_runner')],
    ])('a %s PAT → 403 insufficient_scope', async (_scope, token) => {
      const response = await reset(9, token());
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });
  });

  it.each([
    ['mallory (its Owner)', 'mallory'],
    ['root', 'root'],
  ])('a group whose root disallows registration tokens (group 20) → 403 for %s', async (_label, user) => {
    expectRefused(await reset(20, patOf(user)), 403, { message: '403 Forbidden' });
  });

  it('alice (Owner) → 201 exactly {token}; the old token is refused at once, the new one registers a group runner', async () => {
    const response = await reset(9, ALICE);
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json();
    expect(Object.keys(body)).toEqual(['token']);
    expect(body.token).toMatch(GROUP_TOKEN);

    const old = await register(groupRegistrationToken(9));
    expectRefused(old, 403, { message: '403 Forbidden - invalid token supplied' });

    const fresh = await register(body.token);
    expect(fresh.status).toBe(201);
    const runner = await app.request('GET', `/api/v4/runners/${fresh.json().id}`, { token: ROOT });
    expect(runner.json()).toMatchObject({ runner_type: 'group_type', groups: [{ id: 9 }] });
  });

  it('the subgroup, by its full path, for the Owner of its parent; other groups\' tokens are not affected', async () => {
    const response = await reset('gitlab-org%2Fci', ALICE);
    expect(response.status).toBe(201);
    expect((await register(groupRegistrationToken(10))).status).toBe(403);
    const fresh = await register(response.json().token);
    expect(fresh.status).toBe(201);
    expect((await app.request('GET', `/api/v4/runners/${fresh.json().id}`, { token: ROOT })).json()).toMatchObject({ groups: [{ id: 10 }] });
  });

  it('root → 201; resetting again invalidates the previous new token', async () => {
    const first = (await reset(9, ROOT)).json().token;
    const second = (await reset('gitlab-org', ROOT)).json().token;
    expect(second).not.toBe(first);
    expect((await register(first)).status).toBe(403);
    expect((await register(second)).status).toBe(201);
  });
});

describe('POST /api/v4/groups/:id/runners/reset_registration_token with registration tokens disabled on the instance', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, { editSeed: (s) => {
      s.settings.allow_runner_registration_token = false;
    } });
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(['alice', 'root'])('%s → 403 {"message":"403 Forbidden"}', async (user) => {
    const response = await app.request('POST', resetPath(9), { token: patOf(user) });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('the group is still looked up first: eve → 404', async () => {
    const response = await app.request('POST', resetPath(9), { token: patOf('eve') });
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({ message: '404 Group Not Found' });
  });
});
