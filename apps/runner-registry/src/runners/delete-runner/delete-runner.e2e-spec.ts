import { groupStreamId, runnerStreamId } from '@app/domain';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { commandContext } from '@app/event-store/command/command-context';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeDirectoryCommand } from '../../directory/sync-directory/change-directory.command';
import { AssignRunnerToProjectCommand } from '../../projects/assign-runner/assign-runner.command';

/** DELETE /api/v4/runners/:id — delete a runner (GitLab lib/api/ci/runners.rb, lib/api/helpers.rb). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const EVE = patOf('eve');
const ALICE = patOf('alice');
const BOB = patOf('bob');
const NO_ACCESS = { message: '403 Forbidden - No access granted' };
const MORE_THAN_ONE_PROJECT = { message: '403 Forbidden - Runner associated with more than one project' };
const LONG_AGO = () => ({ 'if-unmodified-since': new Date(Date.now() - 86_400_000).toUTCString() });

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

  /** Until the assign endpoint lands: the runner also runs for project 2 (RunnerAssignedToProject). */
  const assignToProject2 = async (runnerId: number) => {
    const now = new Date();
    const result = await app.app
      .get(CommandBus).execute(new AssignRunnerToProjectCommand(runnerId, 2, { type: 'user', id: 1 }));
    expect(result.ok).toBe(true);
  };
  const expectRefused = async (runner: { id: number; token: string }, token: string, body: unknown, headers?: Record<string, string>) => {
    const response = await remove(runner.id, token, headers);
    expect(response.status).toBe(403);
    expect(response.json()).toEqual(body);
    await expectExists(runner);
  };

  describe('non-administrators', () => {
    it('alice, Owner of group 9, deletes a group-9 runner → 204', async () => {
      const runner = await register(groupRegistrationToken(9));
      expect((await remove(runner.id, ALICE)).status).toBe(204);
      expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).status).toBe(404);
    });

    it('alice deletes a runner of subgroup 10 (Owner of an ancestor group) → 204', async () => {
      const runner = await register(groupRegistrationToken(10));
      expect((await remove(runner.id, ALICE)).status).toBe(204);
    });

    it('alice deletes with her manage_runner PAT → 204', async () => {
      const runner = await register(groupRegistrationToken(9));
      expect((await remove(runner.id, patOf('alice', 'manage_runner'))).status).toBe(204);
    });

    it('alice deletes a project-1 runner (Maintainer+ of the project through group 9) → 204', async () => {
      const runner = await register(projectRegistrationToken(1));
      expect((await remove(runner.id, ALICE)).status).toBe(204);
    });

    it('bob, Maintainer of project 1, deletes a project-1 runner → 204', async () => {
      const runner = await register(projectRegistrationToken(1));
      const response = await remove(runner.id, BOB);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');
    });

    it('bob on a group-9 runner (he can read it through project 1, not delete it) → 403 No access granted', async () => {
      const runner = await register(groupRegistrationToken(9));
      expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: BOB })).status).toBe(200);
      await expectRefused(runner, BOB, NO_ACCESS);
    });

    it.each([
      ['carol (Developer)', 'carol'],
      ['dave (Reporter)', 'dave'],
      ['eve (not a member)', 'eve'],
      ['mallory (Maintainer of another project)', 'mallory'],
    ])('%s on a project-1 runner → 403 No access granted', async (_label, username) => {
      await expectRefused(await register(projectRegistrationToken(1)), patOf(username), NO_ACCESS);
    });

    it.each([
      ['carol', 'carol'],
      ['mallory (Owner of another group)', 'mallory'],
    ])('%s on a group-9 runner → 403 No access granted', async (_label, username) => {
      await expectRefused(await register(groupRegistrationToken(9)), patOf(username), NO_ACCESS);
    });

    it('alice on an instance runner → 403 No access granted', async () => {
      await expectRefused(await register(), ALICE, NO_ACCESS);
    });
  });

  describe('a runner associated with more than one project', () => {
    it.each([
      ['alice (Owner of both projects’ groups)', ALICE],
      ['bob (Maintainer of both projects)', BOB],
      ['eve (no access at all)', EVE],
      ['carol (Developer)', patOf('carol')],
      ['the auditor', patOf('auditor')],
    ])('%s → 403 "Runner associated with more than one project"', async (_label, token) => {
      const runner = await register(projectRegistrationToken(1));
      await assignToProject2(runner.id);
      await expectRefused(runner, token, MORE_THAN_ONE_PROJECT);
    });

    it('root deletes it → 204', async () => {
      const runner = await register(projectRegistrationToken(1));
      await assignToProject2(runner.id);
      expect((await remove(runner.id, ROOT)).status).toBe(204);
      expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).status).toBe(404);
    });
  });

  describe('check order for non-administrators: 404 → more than one project → No access granted → 412 → 204', () => {
    it('"more than one project" comes before the precondition', async () => {
      const runner = await register(projectRegistrationToken(1));
      await assignToProject2(runner.id);
      await expectRefused(runner, BOB, MORE_THAN_ONE_PROJECT, LONG_AGO());
    });

    it('"No access granted" comes before the precondition', async () => {
      await expectRefused(await register(projectRegistrationToken(1)), EVE, NO_ACCESS, LONG_AGO());
    });

    it('an allowed user with an old If-Unmodified-Since → 412, the runner survives; without it → 204', async () => {
      const runner = await register(projectRegistrationToken(1));
      const stale = await remove(runner.id, BOB, LONG_AGO());
      expect(stale.status).toBe(412);
      expect(stale.json()).toEqual({ message: '412 Precondition Failed' });
      await expectExists(runner);
      expect((await remove(runner.id, BOB)).status).toBe(204);
    });

    it('root with an old If-Unmodified-Since on a two-project runner → 412 (administrators skip the project count)', async () => {
      const runner = await register(projectRegistrationToken(1));
      await assignToProject2(runner.id);
      const response = await remove(runner.id, ROOT, LONG_AGO());
      expect(response.status).toBe(412);
      await expectExists(runner);
    });
  });
});

describe('DELETE /api/v4/runners/:id of a group runner, by role in the group', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  /** eve's role in group 9 becomes `accessLevel`. */
  const makeEve = async (accessLevel: number) => {
    const result = await app.app
      .get(CommandBus).execute(new ChangeDirectoryCommand(groupStreamId(9), { type: 'GrantMemberAccess', source: 'group', sourceId: 9, member: { userId: 7, accessLevel } }, commandContext({ type: 'system', name: 'test' }, new Date())));
    expect(result.ok).toBe(true);
  };

  it('Guest, Reporter, Developer and Maintainer of the group → 403 No access granted; Owner → 204', async () => {
    const response = await app.request('POST', RUNNERS, { payload: { token: groupRegistrationToken(9) } });
    expect(response.status).toBe(201);
    const runner = response.json<{ id: number; token: string }>();
    for (const level of [10, 20, 30, 40]) {
      await makeEve(level);
      const refused = await app.request('DELETE', `${RUNNERS}/${runner.id}`, { token: EVE });
      expect([level, refused.status, refused.json()]).toEqual([level, 403, NO_ACCESS]);
      expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).status).toBe(200);
    }
    await makeEve(50);
    expect((await app.request('DELETE', `${RUNNERS}/${runner.id}`, { token: EVE })).status).toBe(204);
    expect((await app.request('GET', `${RUNNERS}/${runner.id}`, { token: ROOT })).status).toBe(404);
  });

  it('an Owner of group 9 deletes a runner of its subgroup 10 → 204', async () => {
    const response = await app.request('POST', RUNNERS, { payload: { token: groupRegistrationToken(10) } });
    expect((await app.request('DELETE', `${RUNNERS}/${response.json().id}`, { token: EVE })).status).toBe(204);
  });
});
