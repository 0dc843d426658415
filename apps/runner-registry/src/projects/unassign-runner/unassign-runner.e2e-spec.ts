import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { withToken } from '../../../../../test/support/seed-file';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** DELETE /api/v4/projects/:id/runners/:runner_id — unassign a runner from a project (GitLab lib/api/ci/runners.rb, app/policies/ci/runner_policy.rb, lib/api/helpers.rb, spec/requests/api/ci/runners_spec.rb). */

const ROOT = patOf('root');
const BOB = patOf('bob');
const ALICE_CREATE_RUNNER = 'glpat-alice-create-runner-03';
const runnersOf = (id: number | string) => `/api/v4/projects/${id}/runners`;

describe('DELETE /api/v4/projects/:id/runners/:runner_id', () => {
  let app: TestApp;

  const register = async (token: string, extra: Record<string, unknown> = {}) => {
    const response = await app.request('POST', '/api/v4/runners', { payload: { token, ...extra } });
    expect(response.status).toBe(201);
    return response.json<{ id: number }>().id;
  };
  const assign = async (runnerId: number, projectId: number) => {
    expect((await app.request('POST', runnersOf(projectId), { token: ROOT, payload: { runner_id: runnerId } })).status).toBe(201);
  };
  /** A runner registered in project 1 (its owner) and assigned to project 2. */
  const twoProjectRunner = async (extra: Record<string, unknown> = {}) => {
    const id = await register(projectRegistrationToken(1), extra);
    await assign(id, 2);
    return id;
  };
  const unassign = (projectId: number | string, runnerId: number | string, token?: string, headers?: Record<string, string>) =>
    app.request('DELETE', `${runnersOf(projectId)}/${runnerId}`, { token, headers });
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
      // So project 3 (mallory's) can own a runner.
      s.groups.find((g: { id: number }) => g.id === 20).allow_runner_registration_token = true;
    } });
  });
  afterAll(async () => {
    await app.close();
  });

  describe('success', () => {
    it('bob unassigns a two-project runner from the project that does not own it → 204, empty body; the next reads agree', async () => {
      const id = await twoProjectRunner();
      expect(await listIds(2)).toContain(id);
      const response = await unassign(2, id, BOB);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');
      expect(await listIds(2)).not.toContain(id);
      expect(await listIds(1)).toContain(id);
      expect(await projectsOf(id)).toEqual([1]);
    });

    it('alice, with the project given by its URL-encoded path', async () => {
      const id = await twoProjectRunner();
      expect((await unassign('gitlab-org%2Fci%2Fgitlab-runner', id, patOf('alice'))).status).toBe(204);
      expect(await projectsOf(id)).toEqual([1]);
    });

    it('root → 204; the runner can be assigned again afterwards', async () => {
      const id = await twoProjectRunner();
      expect((await unassign(2, id, ROOT)).status).toBe(204);
      expect(await projectsOf(id)).toEqual([1]);
      await assign(id, 2);
      expect(await projectsOf(id)).toEqual([1, 2]);
    });

    it('a Maintainer of the project may unassign a runner owned by a project they cannot see', async () => {
      const id = await register(projectRegistrationToken(3));
      await assign(id, 2);
      expect((await unassign(2, id, BOB)).status).toBe(204);
      expect(await projectsOf(id)).toEqual([3]);
    });

    it('root unassigns a locked runner → 204', async () => {
      const id = await twoProjectRunner({ locked: true });
      expect((await unassign(2, id, ROOT)).status).toBe(204);
      expect(await projectsOf(id)).toEqual([1]);
    });

    it('If-Unmodified-Since in the future → 204', async () => {
      const id = await twoProjectRunner();
      const response = await unassign(2, id, BOB, { 'if-unmodified-since': new Date(Date.now() + 86_400_000).toUTCString() });
      expect(response.status).toBe(204);
    });
  });

  describe('refusals; none of them changes anything', () => {
    let twoR: number;
    let grpA: number;
    let shared: number;
    beforeAll(async () => {
      twoR = await twoProjectRunner();
      grpA = await register(groupRegistrationToken(9));
      shared = await register(INSTANCE_REGISTRATION_TOKEN);
    });
    afterEach(async () => {
      expect(await projectsOf(twoR)).toEqual([1, 2]);
    });

    it('anonymous → 401', async () => {
      await expectRefused(await unassign(2, twoR), 401, { message: '401 Unauthorized' });
    });

    it.each([
      ['manage_runner', () => patOf('alice', 'manage_runner')],
      ['create_runner', () => ALICE_CREATE_RUNNER],
    ])('a %s PAT → 401', async (_scope, token) => {
      await expectRefused(await unassign(2, twoR, token()), 401, { message: '401 Unauthorized' });
    });

    it('a read_api PAT → 403 insufficient_scope', async () => {
      const response = await unassign(2, twoR, patOf('bob', 'read_api'));
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });

    it('an unknown project → 404 Project Not Found; eve and mallory cannot see project 2 → 404', async () => {
      await expectRefused(await unassign(424242, twoR, ROOT), 404, { message: '404 Project Not Found' });
      await expectRefused(await unassign(2, twoR, patOf('eve')), 404, { message: '404 Project Not Found' });
      await expectRefused(await unassign(2, twoR, patOf('mallory')), 404, { message: '404 Project Not Found' });
    });

    it('carol (Developer) and dave (Reporter) → 403 {"message":"403 Forbidden"}', async () => {
      await expectRefused(await unassign(1, twoR, patOf('carol')), 403, { message: '403 Forbidden' });
      await expectRefused(await unassign(1, twoR, patOf('dave')), 403, { message: '403 Forbidden' });
    });

    it('the auditor reads runners but may not unassign → 403 No access granted', async () => {
      await expectRefused(await unassign(2, twoR, patOf('auditor')), 403, { message: '403 Forbidden - No access granted' });
    });

    it('runner_id=abc → 400 {"error":"runner_id is invalid"}', async () => {
      await expectRefused(await unassign(2, 'abc', BOB), 400, { error: 'runner_id is invalid' });
    });

    it('a runner that is not on this project, or does not exist → 404 Runner Not Found', async () => {
      for (const [projectId, runnerId] of [[4, twoR], [2, 999999], [1, grpA], [1, shared]]) {
        await expectRefused(await unassign(projectId, runnerId, ROOT), 404, { message: '404 Runner Not Found' });
      }
      await expectRefused(await unassign(4, twoR, BOB), 404, { message: '404 Runner Not Found' });
    });

    it('the owner project, by bob → 403 No access granted', async () => {
      await expectRefused(await unassign(1, twoR, BOB), 403, { message: '403 Forbidden - No access granted' });
    });

    it('the owner project, by root → 403 with the owner-project reason', async () => {
      await expectRefused(await unassign(1, twoR, ROOT), 403, {
        message: '403 Forbidden - You cannot unassign a runner from the owner project. Delete the runner instead',
      });
    });

    it('a runner on its owner project only, by bob → 403 No access granted', async () => {
      const projR = await register(projectRegistrationToken(1));
      await expectRefused(await unassign(1, projR, BOB), 403, { message: '403 Forbidden - No access granted' });
      expect(await projectsOf(projR)).toEqual([1]);
    });

    it('a locked runner, by bob → 403 Runner is locked', async () => {
      const locked = await twoProjectRunner({ locked: true });
      await expectRefused(await unassign(2, locked, BOB), 403, { message: '403 Forbidden - Runner is locked' });
      expect(await projectsOf(locked)).toEqual([1, 2]);
    });

    it('If-Unmodified-Since older than the last change → 412', async () => {
      const response = await unassign(2, twoR, BOB, { 'if-unmodified-since': new Date(Date.now() - 86_400_000).toUTCString() });
      await expectRefused(response, 412, { message: '412 Precondition Failed' });
    });
  });

  it('unassigning twice: the second is 404', async () => {
    const id = await twoProjectRunner();
    expect((await unassign(2, id, BOB)).status).toBe(204);
    await expectRefused(await unassign(2, id, BOB), 404, { message: '404 Runner Not Found' });
  });
});
