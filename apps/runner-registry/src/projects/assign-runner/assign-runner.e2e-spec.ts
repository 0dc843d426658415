import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { withToken } from '../../../../../test/support/seed-file';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/projects/:id/runners — assign a project runner to a project (GitLab lib/api/ci/runners.rb, app/policies/ci/runner_policy.rb, lib/api/helpers.rb, spec/requests/api/ci/runners_spec.rb). */

const ROOT = patOf('root');
const BOB = patOf('bob');
const ALICE_CREATE_RUNNER = 'glpat-alice-create-runner-03';
const runnersOf = (id: number | string) => `/api/v4/projects/${id}/runners`;

describe('POST /api/v4/projects/:id/runners', () => {
  let app: TestApp;
  let shared: number;
  let grpA: number;
  let ownedBy3: number;

  const register = async (token: string, extra: Record<string, unknown> = {}) => {
    const response = await app.request('POST', '/api/v4/runners', { payload: { token, ...extra } });
    expect(response.status).toBe(201);
    return response.json<{ id: number }>().id;
  };
  const assign = (projectId: number | string, payload: unknown, token?: string, headers?: Record<string, string>) =>
    app.request('POST', runnersOf(projectId), { token, payload, headers });
  const projectsOf = async (runnerId: number) =>
    (await app.request('GET', `/api/v4/runners/${runnerId}`, { token: ROOT })).json<{ projects: { id: number }[] }>().projects.map((p) => p.id);
  const listIds = async (projectId: number) =>
    (await app.request('GET', runnersOf(projectId), { token: ROOT, query: { per_page: '100' } })).json<{ id: number }[]>().map((row) => row.id);
  const expectRefused = async (response: { status: number; json(): unknown }, status: number, body: unknown) => {
    expect(response.status).toBe(status);
    expect(response.json()).toEqual(body);
  };

  beforeAll(async () => {
    app = await startTestApp({}, { editSeed: (s) => {
      withToken(s, 'alice', ALICE_CREATE_RUNNER, ['create_runner']);
      // So project 3 (mallory's) can have a runner of its own.
      s.groups.find((g: { id: number }) => g.id === 20).allow_runner_registration_token = true;
    } });
    shared = await register(INSTANCE_REGISTRATION_TOKEN);
    grpA = await register(groupRegistrationToken(9));
    ownedBy3 = await register(projectRegistrationToken(3));
  });
  afterAll(async () => {
    await app.close();
  });

  describe('success', () => {
    it('bob (Maintainer of both) assigns a project 2 runner to project 1 → 201 Runner; the next reads agree', async () => {
      const id = await register(projectRegistrationToken(2), { description: 'from project 2', tag_list: 'x' });
      const before = await listIds(1);
      const response = await assign(1, { runner_id: id }, BOB);
      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/json');
      const body = response.json();
      expect(body).toEqual({
        id,
        description: 'from project 2',
        ip_address: null,
        active: true,
        paused: false,
        is_shared: false,
        runner_type: 'project_type',
        name: null,
        online: null,
        status: 'never_contacted',
      });
      expect(await listIds(1)).toEqual([...before, id]);
      const row = (await app.request('GET', runnersOf(1), { token: BOB, query: { per_page: '100' } })).json().find((r: { id: number }) => r.id === id);
      expect(row).toEqual(body);
      expect(await projectsOf(id)).toEqual([2, 1]);
    });

    it('alice (Owner of the group) assigns; the project given by its URL-encoded path', async () => {
      const id = await register(projectRegistrationToken(1));
      const response = await assign('gitlab-org%2Fci%2Fgitlab-runner', { runner_id: id }, patOf('alice'));
      expect(response.status).toBe(201);
      expect(response.json().id).toBe(id);
      expect(await projectsOf(id)).toEqual([1, 2]);
      expect(await listIds(2)).toContain(id);
    });

    it('runner_id as a form field, as a string', async () => {
      const id = await register(projectRegistrationToken(1));
      const response = await assign(4, `runner_id=${id}`, BOB, { 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.status).toBe(201);
      expect(await projectsOf(id)).toEqual([1, 4]);
    });

    it('root assigns any project runner, even one owned by a project it has nothing to do with', async () => {
      const response = await assign(1, { runner_id: ownedBy3 }, ROOT);
      expect(response.status).toBe(201);
      expect(await projectsOf(ownedBy3)).toEqual([3, 1]);
    });

    it('root assigns a locked runner (administrators skip the lock)', async () => {
      const id = await register(projectRegistrationToken(2), { locked: true });
      expect((await assign(1, { runner_id: id }, ROOT)).status).toBe(201);
      expect(await projectsOf(id)).toEqual([2, 1]);
    });
  });

  describe('refusals, in GitLab order; none of them changes anything', () => {
    let projR: number;
    beforeAll(async () => {
      projR = await register(projectRegistrationToken(2));
    });
    afterEach(async () => {
      expect(await projectsOf(projR)).toEqual([2]);
    });

    it('anonymous → 401', async () => {
      await expectRefused(await assign(1, { runner_id: projR }), 401, { message: '401 Unauthorized' });
    });

    it.each([
      ['manage_runner', () => patOf('alice', 'manage_runner')],
      ['create_runner', () => ALICE_CREATE_RUNNER],
    ])('a %s PAT → 401', async (_scope, token) => {
      await expectRefused(await assign(1, { runner_id: projR }, token()), 401, { message: '401 Unauthorized' });
    });

    it('a read_api PAT → 403 insufficient_scope', async () => {
      const response = await assign(1, { runner_id: projR }, patOf('bob', 'read_api'));
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });

    it('an unknown project → 404 Project Not Found', async () => {
      await expectRefused(await assign(424242, { runner_id: projR }, ROOT), 404, { message: '404 Project Not Found' });
      await expectRefused(await assign('gitlab-org%2Fnope', { runner_id: projR }, ROOT), 404, { message: '404 Project Not Found' });
    });

    it.each(['eve', 'mallory'])('%s cannot see project 1 → 404 Project Not Found', async (user) => {
      await expectRefused(await assign(1, { runner_id: projR }, patOf(user)), 404, { message: '404 Project Not Found' });
    });

    it.each(['carol', 'dave', 'auditor'])('%s (below Maintainer / read-only) → 403 {"message":"403 Forbidden"}', async (user) => {
      await expectRefused(await assign(1, { runner_id: projR }, patOf(user)), 403, { message: '403 Forbidden' });
    });

    it('runner_id missing → 400 {"error":"runner_id is missing"}', async () => {
      await expectRefused(await assign(1, {}, BOB), 400, { error: 'runner_id is missing' });
    });

    it('runner_id=abc → 400 {"error":"runner_id is invalid"}', async () => {
      await expectRefused(await assign(1, { runner_id: 'abc' }, BOB), 400, { error: 'runner_id is invalid' });
    });

    it('the project checks run before param validation: eve → 404, carol → 403 without runner_id', async () => {
      await expectRefused(await assign(1, {}, patOf('eve')), 404, { message: '404 Project Not Found' });
      await expectRefused(await assign(1, {}, patOf('carol')), 403, { message: '403 Forbidden' });
    });

    it('an unknown runner → 404 Runner Not Found; the project permission is checked first (auditor → 403)', async () => {
      await expectRefused(await assign(1, { runner_id: 999999 }, BOB), 404, { message: '404 Runner Not Found' });
      await expectRefused(await assign(1, { runner_id: 999999 }, patOf('auditor')), 403, { message: '403 Forbidden' });
    });

    it.each(['root', 'alice', 'bob'])('a group runner → 403 "Runner is a group runner", even for %s', async (user) => {
      await expectRefused(await assign(1, { runner_id: grpA }, patOf(user)), 403, { message: '403 Forbidden - Runner is a group runner' });
    });

    it('a locked runner → 403 "Runner is locked" for a non-administrator', async () => {
      const locked = await register(projectRegistrationToken(2), { locked: true });
      await expectRefused(await assign(1, { runner_id: locked }, BOB), 403, { message: '403 Forbidden - Runner is locked' });
      expect(await projectsOf(locked)).toEqual([2]);
    });

    it('an instance runner → 403 "No access granted" for a non-administrator', async () => {
      await expectRefused(await assign(1, { runner_id: shared }, BOB), 403, { message: '403 Forbidden - No access granted' });
    });

    it('an instance runner, by root → 400: the domain refuses to turn it into a project runner', async () => {
      await expectRefused(await assign(1, { runner_id: shared }, ROOT), 400, {
        message: 'Transitioning an instance runner to a project runner is not supported',
      });
      const details = (await app.request('GET', `/api/v4/runners/${shared}`, { token: ROOT })).json();
      expect(details).toMatchObject({ runner_type: 'instance_type', projects: [] });
    });

    it('a runner of a project bob does not maintain → 403 "No access granted"', async () => {
      const otherOwned = await register(projectRegistrationToken(3));
      await expectRefused(await assign(1, { runner_id: otherOwned }, BOB), 403, { message: '403 Forbidden - No access granted' });
      expect(await projectsOf(otherOwned)).toEqual([3]);
    });

    it('mallory (Maintainer of project 3) cannot take a runner she has no access to → 403 "No access granted"', async () => {
      await expectRefused(await assign(3, { runner_id: projR }, patOf('mallory')), 403, { message: '403 Forbidden - No access granted' });
    });

    it('already assigned → 400 with the validation message', async () => {
      const body = { message: 'Assign to Validation failed: Runner has already been taken - runner_error' };
      await expectRefused(await assign(2, { runner_id: projR }, BOB), 400, body);
      await expectRefused(await assign(2, { runner_id: projR }, ROOT), 400, body);
    });
  });

  it('assigning twice in a row: the second is refused with 400, the runner is on the project once', async () => {
    const id = await register(projectRegistrationToken(1));
    const [first, second] = await Promise.all([assign(2, { runner_id: id }, BOB), assign(2, { runner_id: id }, BOB)]);
    expect([first.status, second.status].sort()).toEqual([201, 400]);
    expect(await projectsOf(id)).toEqual([1, 2]);
  });
});
