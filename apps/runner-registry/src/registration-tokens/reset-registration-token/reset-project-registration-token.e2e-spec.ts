import { patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';

import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/projects/:id/runners/reset_registration_token — replace a project's registration token (GitLab lib/api/ci/runners.rb, app/models/application_setting.rb, lib/api/entities/ci/reset_token_result.rb, spec/requests/api/ci/runners_spec.rb). */

const ROOT = patOf('root');
const BOB = patOf('bob');
const PROJECT_TOKEN = /^GR1348941[A-HJ-NP-Za-km-z1-9_-]{20}$/;
const resetPath = (id: number | string) => `/api/v4/projects/${id}/runners/reset_registration_token`;

describe('POST /api/v4/projects/:id/runners/reset_registration_token', () => {
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
      expect((await register(projectRegistrationToken(1))).status).toBe(201);
    });

    it('anonymous → 401', async () => {
      expectRefused(await reset(1), 401, { message: '401 Unauthorized' });
    });

    it.each(['eve', 'mallory'])('%s (cannot see the project) → 404 {"message":"404 Project Not Found"}', async (user) => {
      expectRefused(await reset(1, patOf(user)), 404, { message: '404 Project Not Found' });
    });

    it.each(['some%20string', 'gitlab-foss', '424242', 'gitlab-org%2Fnope'])('id %s → 404 Project Not Found', async (id) => {
      expectRefused(await reset(id, ROOT), 404, { message: '404 Project Not Found' });
    });

    it.each(['carol', 'dave', 'auditor'])('%s (below Maintainer / read-only) → 403 {"message":"403 Forbidden"}', async (user) => {
      expectRefused(await reset(1, patOf(user)), 403, { message: '403 Forbidden' });
    });

    it.each([
      ['read_api', () => patOf('bob', 'read_api')],
      ['manage_runner', () => patOf('alice', 'manage_runner')],
    ])('a %s PAT → 403 insufficient_scope', async (_scope, token) => {
      const response = await reset(1, token());
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });
  });

  it.each([
    ['mallory (its Maintainer)', 'mallory'],
    ['root', 'root'],
  ])('a project whose root group disallows registration tokens (project 3) → 403 for %s', async (_label, user) => {
    expectRefused(await reset(3, patOf(user)), 403, { message: '403 Forbidden' });
  });

  it('bob (Maintainer) → 201 exactly {token}; the old token is refused at once, the new one registers a project runner', async () => {
    const response = await reset(1, BOB);
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json();
    expect(Object.keys(body)).toEqual(['token']);
    expect(body.token).toMatch(PROJECT_TOKEN);

    expectRefused(await register(projectRegistrationToken(1)), 403, { message: '403 Forbidden - invalid token supplied' });

    const fresh = await register(body.token);
    expect(fresh.status).toBe(201);
    const runner = await app.request('GET', `/api/v4/runners/${fresh.json().id}`, { token: ROOT });
    expect(runner.json()).toMatchObject({ runner_type: 'project_type' });
    expect(runner.json().projects.map((p: { id: number }) => p.id)).toEqual([1]);
  });

  it('alice (Owner of the group), the project by its full path; other projects\' tokens are not affected', async () => {
    const response = await reset('gitlab-org%2Fci%2Fgitlab-runner', patOf('alice'));
    expect(response.status).toBe(201);
    expect((await register(projectRegistrationToken(2))).status).toBe(403);
    expect((await register(projectRegistrationToken(4))).status).toBe(201);
    const fresh = await register(response.json().token);
    expect(fresh.status).toBe(201);
    expect((await app.request('GET', `/api/v4/runners/${fresh.json().id}`, { token: ROOT })).json().projects[0].id).toBe(2);
  });

  it('root → 201; resetting again invalidates the previous new token', async () => {
    const first = (await reset(4, ROOT)).json().token;
    const second = (await reset(4, ROOT)).json().token;
    expect(second).not.toBe(first);
    expect((await register(first)).status).toBe(403);
    expect((await register(second)).status).toBe(201);
  });
});

describe('POST /api/v4/projects/:id/runners/reset_registration_token with registration tokens disabled on the instance', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, { editSeed: (s) => {
      s.settings.allow_runner_registration_token = false;
    } });
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(['bob', 'root'])('%s → 403 {"message":"403 Forbidden"}', async (user) => {
    const response = await app.request('POST', resetPath(1), { token: patOf(user) });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('the project is still looked up first: eve → 404', async () => {
    const response = await app.request('POST', resetPath(1), { token: patOf('eve') });
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({ message: '404 Project Not Found' });
  });
});
