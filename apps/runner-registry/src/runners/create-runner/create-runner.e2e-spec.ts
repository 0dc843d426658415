import { groupStreamId, type EventMetadata } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { RunnersProjection } from '@app/projections';
import { patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Clock } from '@app/common/clock';
import { commandContext } from '@app/event-store/command/command-context';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeDirectoryCommand } from '../../directory/sync-directory/change-directory.command';
import { EVENT_STORE } from '../../kernel/tokens';

/** POST /api/v4/user/runners — create a runner as a signed-in user (GitLab lib/api/ci/runners.rb, lib/api/entities/ci/runner_registration_details.rb, app/models/ci/runner.rb, lib/api/helpers.rb). */

const USER_RUNNERS = '/api/v4/user/runners';
const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const ALICE = patOf('alice');
const BOB = patOf('bob');
const CAROL = patOf('carol');
const DAVE = patOf('dave');
const EVE = patOf('eve');
const MALLORY = patOf('mallory');
/** Not in the shared fixture: added to this spec's copy of it. */
const ALICE_CREATE_RUNNER = 'glpat-alice-create-runner-3';
const FIVE_DAYS = 5 * 86_400;
/** Devise.friendly_token: URL-safe base64 without l, I, O, 0. */
const FRIENDLY = '[A-HJ-NP-Za-km-z1-9_-]{20}';
const INSUFFICIENT = { message: '403 Forbidden - Insufficient permissions' };

describe('POST /api/v4/user/runners', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, {
      editSeed: (s) => {
        s.users.find((u: { username: string }) => u.username === 'alice').personal_access_tokens.push({ token: ALICE_CREATE_RUNNER, scopes: ['create_runner'] });
        s.groups.find((g: { id: number }) => g.id === 20).runner_token_expiration_interval = FIVE_DAYS;
      },
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const create = (payload: Record<string, unknown>, token: string | null = ROOT) => app.request('POST', USER_RUNNERS, { token: token ?? undefined, payload });
  const createOk = async (payload: Record<string, unknown>, token: string = ROOT) => {
    const response = await create(payload, token);
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string; token_expires_at: string | null }>();
  };
  const details = async (id: number) => {
    const response = await app.request('GET', `${RUNNERS}/${id}`, { token: ROOT });
    expect(response.status).toBe(200);
    return response.json();
  };
  const runnerCount = async () => (await app.request('GET', `${RUNNERS}/all`, { token: ROOT, query: { per_page: '1' } })).headers['x-total'];
  /** A refused call answers exactly `body` and creates no runner. */
  const expectRefused = async (payload: Record<string, unknown>, token: string | null, status: number, body: unknown) => {
    const before = await runnerCount();
    const response = await create(payload, token);
    expect(response.status).toBe(status);
    expect(response.json()).toEqual(body);
    expect(await runnerCount()).toBe(before);
  };

  describe('params', () => {
    it('no runner_type → 400 "runner_type is missing, runner_type does not have a valid value"', async () => {
      await expectRefused({ description: 'x' }, ROOT, 400, { error: 'runner_type is missing, runner_type does not have a valid value' });
    });

    it('runner_type=unknown → 400 "runner_type does not have a valid value"', async () => {
      await expectRefused({ runner_type: 'unknown' }, ROOT, 400, { error: 'runner_type does not have a valid value' });
    });

    it('group_type without group_id → 400 "group_id is missing"', async () => {
      await expectRefused({ runner_type: 'group_type' }, ALICE, 400, { error: 'group_id is missing' });
    });

    it('project_type without project_id → 400 "project_id is missing"', async () => {
      await expectRefused({ runner_type: 'project_type', group_id: 9 }, BOB, 400, { error: 'project_id is missing' });
    });

    it('group_id=abc → 400 "group_id is invalid"; project_id=abc → "project_id is invalid"', async () => {
      await expectRefused({ runner_type: 'group_type', group_id: 'abc' }, ALICE, 400, { error: 'group_id is invalid' });
      await expectRefused({ runner_type: 'project_type', project_id: 'abc' }, BOB, 400, { error: 'project_id is invalid' });
    });

    it('errors come in declaration order: runner_type, group_id/project_id, then the attributes', async () => {
      await expectRefused({ runner_type: 'group_type', access_level: 'bogus', paused: 'maybe' }, ALICE, 400, {
        error: 'group_id is missing, paused is invalid, access_level does not have a valid value',
      });
    });

    it('access_level=bogus → 400; maximum_timeout=soon → 400 "maximum_timeout is invalid"', async () => {
      await expectRefused({ runner_type: 'instance_type', access_level: 'bogus' }, ROOT, 400, { error: 'access_level does not have a valid value' });
      await expectRefused({ runner_type: 'instance_type', maximum_timeout: 'soon' }, ROOT, 400, { error: 'maximum_timeout is invalid' });
    });

    it('group_id and project_id are not validated for another runner type', async () => {
      const { id } = await createOk({ runner_type: 'instance_type', group_id: 'abc', project_id: 'xyz' });
      expect(await details(id)).toMatchObject({ runner_type: 'instance_type', projects: [], groups: [] });
    });

    it('parameter validation runs after authentication: anonymous without runner_type → 401', async () => {
      await expectRefused({}, null, 401, { message: '401 Unauthorized' });
    });
  });

  describe('instance_type', () => {
    it('root → 201 exactly {id, token: glrt-t1_…, token_expires_at: null}', async () => {
      const response = await create({ runner_type: 'instance_type' });
      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/json');
      const body = response.json();
      expect(Object.keys(body)).toEqual(['id', 'token', 'token_expires_at']);
      expect(body).toEqual({ id: expect.any(Number), token: expect.stringMatching(new RegExp(`^glrt-t1_${FRIENDLY}$`)), token_expires_at: null });
      expect(await details(body.id)).toMatchObject({ id: body.id, runner_type: 'instance_type', is_shared: true });
    });

    it.each([
      ['alice (group Owner)', ALICE],
      ['the auditor', patOf('auditor')],
      ['eve', EVE],
    ])('%s → 403 Insufficient permissions', async (_label, token) => {
      await expectRefused({ runner_type: 'instance_type' }, token, 403, INSUFFICIENT);
    });
  });

  describe('group_type', () => {
    it('alice, Owner of group 9 → 201 with a glrt-t2_ token; the runner belongs to group 9', async () => {
      const body = await createOk({ runner_type: 'group_type', group_id: 9 }, ALICE);
      expect(body).toEqual({ id: expect.any(Number), token: expect.stringMatching(new RegExp(`^glrt-t2_${FRIENDLY}$`)), token_expires_at: null });
      const shown = await details(body.id);
      expect(shown).toMatchObject({ runner_type: 'group_type', is_shared: false, projects: [] });
      expect(shown.groups.map((g: { id: number }) => g.id)).toEqual([9]);
    });

    it('alice owns subgroup 10 through group 9 → 201', async () => {
      const { id } = await createOk({ runner_type: 'group_type', group_id: 10 }, ALICE);
      expect((await details(id)).groups.map((g: { id: number }) => g.id)).toEqual([10]);
    });

    it('root → 201 in any group', async () => {
      await createOk({ runner_type: 'group_type', group_id: 9 });
    });

    it.each([
      ['bob (Maintainer of projects in the group)', BOB],
      ['carol', CAROL],
      ['eve', EVE],
      ['mallory (Owner of another group)', MALLORY],
      ['the auditor', patOf('auditor')],
    ])('%s → 403 Insufficient permissions', async (_label, token) => {
      await expectRefused({ runner_type: 'group_type', group_id: 9 }, token, 403, INSUFFICIENT);
    });

    it('an unknown group → 400 "Missing/invalid group", checked before permissions', async () => {
      for (const token of [ROOT, EVE]) {
        await expectRefused({ runner_type: 'group_type', group_id: 999 }, token, 400, { message: '400 Bad request - Missing/invalid group' });
      }
    });

    it('group_id null → 400 "Missing/invalid group"', async () => {
      await expectRefused({ runner_type: 'group_type', group_id: null }, ALICE, 400, { message: '400 Bad request - Missing/invalid group' });
    });

    it('the token expires after the group’s runner token expiration interval', async () => {
      const now = new Date('2030-01-02T03:04:05.678Z');
      const spy = jest.spyOn(app.app.get(Clock), 'now').mockReturnValue(now);
      try {
        const body = await createOk({ runner_type: 'group_type', group_id: 20 }, MALLORY);
        expect(body.token_expires_at).toBe('2030-01-07T03:04:05.678Z');
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('project_type', () => {
    it('bob, Maintainer of project 1 → 201 with a glrt-t3_ token; the runner belongs to project 1', async () => {
      const body = await createOk({ runner_type: 'project_type', project_id: 1 }, BOB);
      expect(body.token).toMatch(new RegExp(`^glrt-t3_${FRIENDLY}$`));
      const shown = await details(body.id);
      expect(shown).toMatchObject({ runner_type: 'project_type', is_shared: false, groups: [] });
      expect(shown.projects.map((p: { id: number }) => p.id)).toEqual([1]);
    });

    it('alice, Owner of the project’s group → 201', async () => {
      const { id } = await createOk({ runner_type: 'project_type', project_id: 2 }, ALICE);
      expect((await details(id)).projects.map((p: { id: number }) => p.id)).toEqual([2]);
    });

    it('root → 201 on any project', async () => {
      await createOk({ runner_type: 'project_type', project_id: 3 });
    });

    it.each([
      ['carol (Developer)', CAROL],
      ['dave (Reporter)', DAVE],
      ['eve (not a member)', EVE],
      ['mallory (Maintainer elsewhere)', MALLORY],
      ['the auditor', patOf('auditor')],
    ])('%s on project 1 → 403 Insufficient permissions', async (_label, token) => {
      await expectRefused({ runner_type: 'project_type', project_id: 1 }, token, 403, INSUFFICIENT);
    });

    it('an unknown project → 400 "Missing/invalid project", checked before permissions', async () => {
      for (const token of [ROOT, CAROL]) {
        await expectRefused({ runner_type: 'project_type', project_id: 424242 }, token, 400, { message: '400 Bad request - Missing/invalid project' });
      }
    });
  });

  describe('attributes and model validation', () => {
    it('defaults: active, unlocked, runs untagged jobs, not protected, no timeout, no name', async () => {
      const { id } = await createOk({ runner_type: 'instance_type' });
      expect(await details(id)).toMatchObject({
        description: null,
        active: true,
        paused: false,
        name: null,
        online: null,
        status: 'never_contacted',
        tag_list: [],
        run_untagged: true,
        locked: false,
        maximum_timeout: null,
        access_level: 'not_protected',
        contacted_at: null,
        maintenance_note: null,
      });
    });

    it('every attribute is stored', async () => {
      const { id } = await createOk(
        {
          runner_type: 'project_type',
          project_id: 1,
          description: 'gpu box',
          maintenance_note: 'rack 7',
          paused: true,
          locked: true,
          access_level: 'ref_protected',
          run_untagged: false,
          tag_list: 'gpu, cuda',
          maximum_timeout: 3600,
        },
        BOB,
      );
      expect(await details(id)).toMatchObject({
        description: 'gpu box',
        maintenance_note: 'rack 7',
        active: false,
        paused: true,
        locked: true,
        access_level: 'ref_protected',
        run_untagged: false,
        tag_list: ['gpu', 'cuda'],
        maximum_timeout: 3600,
      });
    });

    it('tag_list as a JSON array; empty strings count as absent', async () => {
      const tagged = await createOk({ runner_type: 'instance_type', tag_list: ['ruby', 'postgres'] });
      expect((await details(tagged.id)).tag_list).toEqual(['ruby', 'postgres']);
      const blank = await createOk({ runner_type: 'instance_type', description: '', maintenance_note: '', tag_list: '' });
      expect(await details(blank.id)).toMatchObject({ description: null, maintenance_note: null, tag_list: [] });
    });

    it('`active` is no param of this endpoint: active=false is ignored', async () => {
      const { id } = await createOk({ runner_type: 'instance_type', active: false });
      expect(await details(id)).toMatchObject({ active: true, paused: false });
    });

    it('run_untagged=false without tags → 400 "400 Bad request - Tags list can not be empty …"', async () => {
      await expectRefused({ runner_type: 'instance_type', run_untagged: false }, ROOT, 400, {
        message: '400 Bad request - Tags list can not be empty when runner is not allowed to pick untagged jobs',
      });
    });

    it('maximum_timeout below 10 minutes → 400 "Maximum timeout needs to be at least 10 minutes"', async () => {
      await expectRefused({ runner_type: 'instance_type', maximum_timeout: 300 }, ROOT, 400, {
        message: '400 Bad request - Maximum timeout needs to be at least 10 minutes',
      });
    });

    it('a maintenance note over 1024 characters → 400', async () => {
      await expectRefused({ runner_type: 'instance_type', maintenance_note: 'n'.repeat(1025) }, ROOT, 400, {
        message: '400 Bad request - Maintenance note is too long (maximum is 1024 characters)',
      });
    });

    it('51 tags → 400 (Rails full message of the tags_list error); 50 are accepted', async () => {
      const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
      await expectRefused({ runner_type: 'instance_type', tag_list: tags(51) }, ROOT, 400, {
        message: '400 Bad request - Tags list Too many tags specified. Please limit the number of tags to 50',
      });
      const { id } = await createOk({ runner_type: 'instance_type', tag_list: tags(50) });
      expect((await details(id)).tag_list).toEqual(tags(50));
    });

    it('several failures are one sentence in the model\'s validation order (app/models/ci/runner.rb): "a and b", "a, b, and c"', async () => {
      await expectRefused({ runner_type: 'instance_type', maximum_timeout: 60, run_untagged: false }, ROOT, 400, {
        message: '400 Bad request - Tags list can not be empty when runner is not allowed to pick untagged jobs and Maximum timeout needs to be at least 10 minutes',
      });
      await expectRefused({ runner_type: 'instance_type', maximum_timeout: 60, maintenance_note: 'n'.repeat(1025), run_untagged: false }, ROOT, 400, {
        message:
          '400 Bad request - Tags list can not be empty when runner is not allowed to pick untagged jobs, Maximum timeout needs to be at least 10 minutes, and Maintenance note is too long (maximum is 1024 characters)',
      });
    });

    it('a description over 1024 characters → 400, nothing created; 1024 (counted in characters, not UTF-16 units) is accepted', async () => {
      await expectRefused({ runner_type: 'instance_type', description: 'd'.repeat(1025) }, ROOT, 400, {
        message: '400 Bad request - Description is too long (maximum is 1024 characters)',
      });
      const { id } = await createOk({ runner_type: 'instance_type', description: '😀'.repeat(1024) });
      expect((await details(id)).description).toBe('😀'.repeat(1024));
    });

    it('permissions are checked before the model: carol with run_untagged=false → 403', async () => {
      await expectRefused({ runner_type: 'project_type', project_id: 1, run_untagged: false }, CAROL, 403, INSUFFICIENT);
    });

    it('a refused creation does not skip an id', async () => {
      const before = await createOk({ runner_type: 'instance_type' });
      await create({ runner_type: 'instance_type', maximum_timeout: 1 });
      await create({ runner_type: 'group_type', group_id: 9 }, EVE);
      const after = await createOk({ runner_type: 'instance_type' });
      expect(after.id).toBe(before.id + 1);
    });
  });

  describe('credentials', () => {
    it('anonymous → 401', async () => {
      await expectRefused({ runner_type: 'instance_type' }, null, 401, { message: '401 Unauthorized' });
    });

    it('a create_runner PAT → 201', async () => {
      const body = await createOk({ runner_type: 'group_type', group_id: 9 }, ALICE_CREATE_RUNNER);
      expect(body.token).toMatch(/^glrt-t2_/);
    });

    it.each([
      ['read_api (bob)', () => patOf('bob', 'read_api'), { runner_type: 'project_type', project_id: 1 }],
      ['manage_runner (alice)', () => patOf('alice', 'manage_runner'), { runner_type: 'group_type', group_id: 9 }],
    ])('a %s PAT → 403 insufficient_scope, nothing created', async (_label, token, payload) => {
      const before = await runnerCount();
      const response = await create(payload, token());
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
      expect(await runnerCount()).toBe(before);
    });

    it('a create_runner PAT is good for nothing else', async () => {
      const response = await app.request('GET', `${RUNNERS}`, { token: ALICE_CREATE_RUNNER });
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });
  });

  describe('what is recorded', () => {
    it('a RunnerCreated event by the user, naming them creator; creation state started', async () => {
      const { id } = await createOk({ runner_type: 'project_type', project_id: 1, description: 'mine' }, BOB);
      const events = await app.app.get<symbol, EventStore>(EVENT_STORE).readStream(`runner-${id}`);
      expect(events.map((e) => e.type)).toEqual(['RunnerCreated']);
      expect(events[0].data).toMatchObject({
        runnerId: id,
        runnerType: 'project_type',
        registrationType: 'authenticated_user',
        projectIds: [1],
        ownerProjectId: 1,
        creatorId: 4,
        creationState: 'started',
        description: 'mine',
      });
      expect((events[0].metadata as unknown as EventMetadata).actor).toEqual({ type: 'user', id: 4 });
      expect(app.app.get(RunnersProjection).get(id)).toMatchObject({ creationState: 'started', creatorId: 4, registrationType: 'authenticated_user' });
    });

    it('the token authenticates the runner; verifying keeps the creation state started', async () => {
      const { id, token } = await createOk({ runner_type: 'group_type', group_id: 9 }, ALICE);
      const verify = await app.request('POST', `${RUNNERS}/verify`, { payload: { token } });
      expect(verify.status).toBe(200);
      expect(verify.json()).toEqual({ id, token, token_expires_at: null });
      expect(app.app.get(RunnersProjection).get(id)?.creationState).toBe('started');
    });

    it('concurrent creations get distinct ids and tokens', async () => {
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => create({ runner_type: 'instance_type', description: `parallel-${i}` })));
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      const bodies = responses.map((r) => r.json<{ id: number; token: string }>());
      expect(new Set(bodies.map((b) => b.id)).size).toBe(10);
      expect(new Set(bodies.map((b) => b.token)).size).toBe(10);
      for (const [i, body] of bodies.entries()) expect((await details(body.id)).description).toBe(`parallel-${i}`);
    });
  });

  describe('after eve becomes Maintainer of group 20', () => {
    beforeAll(async () => {
      const granted = await app.app
        .get(CommandBus).execute(new ChangeDirectoryCommand(groupStreamId(20), { type: 'GrantMemberAccess', source: 'group', sourceId: 20, member: { userId: 7, accessLevel: 40 } }, commandContext({ type: 'system', name: 'test' }, new Date())));
      expect(granted.ok).toBe(true);
    });

    it('a group Maintainer cannot create a group runner: 403', async () => {
      await expectRefused({ runner_type: 'group_type', group_id: 20 }, EVE, 403, INSUFFICIENT);
    });

    it('but may create a runner in a project of the group (Maintainer through the group): 201', async () => {
      const { id } = await createOk({ runner_type: 'project_type', project_id: 3 }, EVE);
      expect((await details(id)).projects.map((p: { id: number }) => p.id)).toEqual([3]);
    });
  });
});
