import { groupStreamId } from '@app/domain';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { commandContext } from '@app/event-store/command/command-context';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeDirectoryCommand } from '../../directory/sync-directory/change-directory.command';

/** POST /api/v4/runners/:id/reset_authentication_token — rotate a runner's token (GitLab lib/api/ci/runners.rb, lib/api/entities/ci/reset_token_result.rb). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const EVE = patOf('eve');
const FRIENDLY = '[A-HJ-NP-Za-km-z1-9_-]{20}';
const NO_ACCESS = { message: '403 Forbidden - No access granted' };

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

  describe('non-administrators', () => {
    /** 201 with a new token of the same type; the old token dies, the new one works. */
    const expectReset = async (runner: { id: number; token: string }, token: string, prefix: string) => {
      const response = await reset(runner.id, token);
      expect(response.status).toBe(201);
      expect(response.json()).toEqual({ token: expect.stringMatching(new RegExp(`^${prefix}${FRIENDLY}$`)), token_expires_at: null });
      expect((await verify(runner.token)).status).toBe(403);
      expect((await verify(response.json().token)).status).toBe(200);
    };
    const expectRefused = async (runner: { id: number; token: string }, token: string) => {
      const response = await reset(runner.id, token);
      expect(response.status).toBe(403);
      expect(response.json()).toEqual(NO_ACCESS);
      expect((await verify(runner.token)).status).toBe(200);
    };

    it('alice, Owner of group 9, resets its group runner’s token → 201', async () => {
      await expectReset(await register(groupRegistrationToken(9)), patOf('alice'), 't2_');
    });

    it('alice resets a runner of subgroup 10 with her manage_runner PAT → 201', async () => {
      await expectReset(await register(groupRegistrationToken(10)), patOf('alice', 'manage_runner'), 't2_');
    });

    it('bob, Maintainer of project 1, resets a project-1 runner’s token → 201', async () => {
      await expectReset(await register(projectRegistrationToken(1)), patOf('bob'), 't3_');
    });

    it('bob on a group-9 runner (read only) → 403 No access granted; the token keeps working', async () => {
      await expectRefused(await register(groupRegistrationToken(9)), patOf('bob'));
    });

    it.each([
      ['carol (Developer)', 'carol'],
      ['dave (Reporter)', 'dave'],
      ['eve (not a member)', 'eve'],
      ['mallory (Maintainer of another project)', 'mallory'],
    ])('%s on a project-1 runner and on a group-9 runner → 403 No access granted', async (_label, username) => {
      await expectRefused(await register(projectRegistrationToken(1)), patOf(username));
      await expectRefused(await register(groupRegistrationToken(9)), patOf(username));
    });
  });
});

describe('POST /api/v4/runners/:id/reset_authentication_token of a group runner, by role in the group', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('Guest, Reporter, Developer and Maintainer of the group → 403 No access granted; Owner → 201', async () => {
    const registered = await app.request('POST', RUNNERS, { payload: { token: groupRegistrationToken(9) } });
    expect(registered.status).toBe(201);
    const runner = registered.json<{ id: number; token: string }>();
    const makeEve = async (accessLevel: number) => {
      const result = await app.app
        .get(CommandBus).execute(new ChangeDirectoryCommand(groupStreamId(9), { type: 'GrantMemberAccess', source: 'group', sourceId: 9, member: { userId: 7, accessLevel } }, commandContext({ type: 'system', name: 'test' }, new Date())));
      expect(result.ok).toBe(true);
    };
    for (const level of [10, 20, 30, 40]) {
      await makeEve(level);
      const refused = await app.request('POST', `${RUNNERS}/${runner.id}/reset_authentication_token`, { token: EVE });
      expect([level, refused.status, refused.json()]).toEqual([level, 403, NO_ACCESS]);
      expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } })).status).toBe(200);
    }
    await makeEve(50);
    const response = await app.request('POST', `${RUNNERS}/${runner.id}/reset_authentication_token`, { token: EVE });
    expect(response.status).toBe(201);
    expect(response.json().token).toMatch(new RegExp(`^t2_${FRIENDLY}$`));
  });
});
