import { groupStreamId, runnerStreamId } from '@app/domain';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { expectKeysetHeaders, walkPages, withQuery } from '../../../../../test/support/page-walk';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { commandContext } from '@app/event-store/command/command-context';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeDirectoryCommand } from '../../directory/sync-directory/change-directory.command';
import { AssignRunnerToProjectCommand } from '../../projects/assign-runner/assign-runner.command';

/** GET /api/v4/runners — the runners the current user owns (GitLab lib/api/ci/runners.rb, lib/gitlab/pagination/offset_pagination.rb, lib/api/entities/ci/runner.rb, spec/requests/api/ci/runners_spec.rb). */

const RUNNERS = '/api/v4/runners';
const EXTERNAL_URL = 'https://gitlab.example.com';
const ALICE = patOf('alice');
const BOB = patOf('bob');
const MALLORY = patOf('mallory');
/** Not in the shared fixture: added to this spec's copy of it. */
const ALICE_CREATE_RUNNER = 'glpat-alice-create-runner-3';
const BASIC_KEYS = ['id', 'description', 'ip_address', 'active', 'paused', 'is_shared', 'runner_type', 'name', 'online', 'status'];

describe('GET /api/v4/runners', () => {
  let app: TestApp;
  /** Runner ids by name. */
  const r: Record<string, number> = {};

  const register = async (payload: Record<string, unknown>) => {
    const response = await app.request('POST', RUNNERS, { payload });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };
  const create = async (payload: Record<string, unknown>, token: string) => {
    const response = await app.request('POST', '/api/v4/user/runners', { token, payload });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };

  beforeAll(async () => {
    app = await startTestApp(
      { EXTERNAL_URL },
      {
        editSeed: (s) => {
          s.users.find((u: { username: string }) => u.username === 'alice').personal_access_tokens.push({ token: ALICE_CREATE_RUNNER, scopes: ['create_runner'] });
        },
      },
    );

    r.shared = (await register({ token: INSTANCE_REGISTRATION_TOKEN, description: 'shared', tag_list: 'a,b' })).id;
    r.projR = (await register({ token: projectRegistrationToken(1), description: 'projR', tag_list: 'a,b' })).id;
    r.twoR = (await register({ token: projectRegistrationToken(1), description: 'twoR', tag_list: 'b' })).id;
    r.grpA = (await register({ token: groupRegistrationToken(9), description: 'grpA', paused: true, tag_list: 'a' })).id;
    r.grpB = (await register({ token: groupRegistrationToken(10), description: 'grpB' })).id;
    r.proj4 = (await register({ token: projectRegistrationToken(4), description: 'proj4', paused: true })).id;
    // Group 20 refuses registration tokens: mallory creates her runners instead.
    r.proj3 = (await create({ runner_type: 'project_type', project_id: 3, description: 'proj3' }, MALLORY)).id;
    r.grp20 = (await create({ runner_type: 'group_type', group_id: 20, description: 'grp20' }, MALLORY)).id;
    const proj2 = await register({ token: projectRegistrationToken(2), description: 'proj2', tag_list: 'a, b, c' });
    r.proj2 = proj2.id;
    expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: proj2.token } })).status).toBe(200);

    // Until the assign endpoint lands: twoR also runs for project 2.
    const assigned = await app.app
      .get(CommandBus).execute(new AssignRunnerToProjectCommand(r.twoR, 2, { type: 'user', id: 1 }));
    expect(assigned.ok).toBe(true);
  });
  afterAll(async () => {
    await app.close();
  });

  const list = (query: Record<string, string | string[]> = {}, token: string | null = ALICE) => app.request('GET', RUNNERS, { token: token ?? undefined, query });
  const listIds = async (query: Record<string, string | string[]> = {}, token: string = ALICE) => {
    const response = await list(query, token);
    expect(response.status).toBe(200);
    return response.json<{ id: number }[]>().map((row) => row.id);
  };
  const ids = (...names: string[]) => names.map((name) => r[name]);

  describe('whose runners', () => {
    it('alice (Owner of group 9): project runners of her projects, group runners of group 9 and subgroup 10, ids ascending, no instance runner', async () => {
      expect(await listIds()).toEqual(ids('projR', 'twoR', 'grpA', 'grpB', 'proj4', 'proj2'));
    });

    it('a runner on two projects the user maintains is listed once', async () => {
      const listed = await listIds();
      expect(listed.filter((id) => id === r.twoR)).toHaveLength(1);
    });

    it('bob (Maintainer of projects 1, 2, 4): their project runners, no group runners (he owns no group)', async () => {
      expect(await listIds({}, BOB)).toEqual(ids('projR', 'twoR', 'proj4', 'proj2'));
    });

    it('mallory (Owner of group 20, Maintainer of project 3): her two runners only', async () => {
      expect(await listIds({}, MALLORY)).toEqual(ids('proj3', 'grp20'));
    });

    it.each([
      ['carol (Developer of project 1)', 'carol'],
      ['dave (Reporter of project 1)', 'dave'],
      ['eve (no memberships)', 'eve'],
      ['root (administrator: never instance runners, owns nothing)', 'root'],
      ['the auditor', 'auditor'],
    ])('%s → 200 []', async (_label, username) => {
      const response = await list({}, patOf(username));
      expect(response.status).toBe(200);
      expect(response.json()).toEqual([]);
      expect(response.headers['x-total']).toBe('0');
    });

    it('rows are the basic Runner entity, keys in GitLab order', async () => {
      const rows = (await list()).json();
      for (const row of rows) expect(Object.keys(row)).toEqual(BASIC_KEYS);
      expect(rows[0]).toEqual({
        id: r.projR,
        description: 'projR',
        ip_address: null,
        active: true,
        paused: false,
        is_shared: false,
        runner_type: 'project_type',
        name: null,
        online: null,
        status: 'never_contacted',
      });
      expect(rows.find((row: { id: number }) => row.id === r.grpA)).toMatchObject({ runner_type: 'group_type', active: false, paused: true });
      expect(rows.find((row: { id: number }) => row.id === r.proj2)).toMatchObject({ online: true, status: 'online' });
    });
  });

  describe('credentials', () => {
    it('anonymous → 401', async () => {
      const response = await list({}, null);
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    });

    it('anonymous with an invalid scope is still 401 (authentication first)', async () => {
      expect((await list({ scope: 'shared' }, null)).status).toBe(401);
    });

    it('a read_api PAT → 200', async () => {
      expect(await listIds({}, patOf('bob', 'read_api'))).toEqual(ids('projR', 'twoR', 'proj4', 'proj2'));
    });

    it.each([
      ['manage_runner', () => patOf('alice', 'manage_runner')],
      ['create_runner', () => ALICE_CREATE_RUNNER],
    ])('a %s PAT → 403 insufficient_scope', async (_label, token) => {
      const response = await list({}, token());
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });
  });

  describe('filters', () => {
    it.each([
      ['paused', ['grpA', 'proj4']],
      ['active', ['projR', 'twoR', 'grpB', 'proj2']],
      ['online', ['proj2']],
      ['never_contacted', ['projR', 'twoR', 'grpA', 'grpB', 'proj4']],
      ['offline', []],
      ['stale', []],
    ])('scope=%s', async (scope, expected) => {
      expect(await listIds({ scope })).toEqual(ids(...expected));
    });

    it.each(['shared', 'specific', 'instance_type', 'group_type', 'project_type'])(
      'scope=%s passes Grape but is not a status → 400 {"message":"Scope contains invalid value"}',
      async (scope) => {
        const response = await list({ scope });
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ message: 'Scope contains invalid value' });
      },
    );

    it('scope=unknown → 400 {"error":"scope does not have a valid value"}', async () => {
      const response = await list({ scope: 'unknown' });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'scope does not have a valid value' });
    });

    it.each([
      ['project_type', ['projR', 'twoR', 'proj4', 'proj2']],
      ['group_type', ['grpA', 'grpB']],
      ['instance_type', []],
    ])('type=%s', async (type, expected) => {
      expect(await listIds({ type })).toEqual(ids(...expected));
    });

    it.each([
      ['paused', ['grpA', 'proj4']],
      ['active', ['projR', 'twoR', 'grpB', 'proj2']],
      ['online', ['proj2']],
    ])('status=%s', async (status, expected) => {
      expect(await listIds({ status })).toEqual(ids(...expected));
    });

    it('paused=true / paused=false', async () => {
      expect(await listIds({ paused: 'true' })).toEqual(ids('grpA', 'proj4'));
      expect(await listIds({ paused: 'false' })).toEqual(ids('projR', 'twoR', 'grpB', 'proj2'));
    });

    it('tag_list requires all listed tags', async () => {
      expect(await listIds({ tag_list: 'a,b' })).toEqual(ids('projR', 'proj2'));
      expect(await listIds({ 'tag_list[]': ['a'] })).toEqual(ids('projR', 'grpA', 'proj2'));
      expect(await listIds({ tag_list: 'a, b, c' })).toEqual(ids('proj2'));
      expect(await listIds({ tag_list: 'nope' })).toEqual([]);
    });

    it('filters are ANDed, and apply only to owned runners', async () => {
      expect(await listIds({ type: 'project_type', tag_list: 'a' })).toEqual(ids('projR', 'proj2'));
      expect(await listIds({ status: 'paused', type: 'group_type' })).toEqual(ids('grpA'));
      expect(await listIds({ tag_list: 'a,b' }, MALLORY)).toEqual([]);
    });

    it.each([
      [{ type: 'bogus' }, 'type does not have a valid value'],
      [{ status: 'bogus' }, 'status does not have a valid value'],
      [{ paused: 'maybe' }, 'paused is invalid'],
      [{ version_prefix: 'V15' }, 'version_prefix is invalid'],
    ])('%j → 400', async (query, error) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error });
    });

    it('version_prefix=15 → [] (no runner managers yet)', async () => {
      expect(await listIds({ version_prefix: '15' })).toEqual([]);
    });
  });

  describe('pagination', () => {
    const link = (query: string) => `${EXTERNAL_URL}${RUNNERS}?${query}`;

    it('default headers: X-Total 6, one page of 20', async () => {
      const response = await list();
      expect(response.headers).toMatchObject({ 'x-total': '6', 'x-total-pages': '1', 'x-per-page': '20', 'x-page': '1', 'x-next-page': '', 'x-prev-page': '' });
      expect(response.headers.link).toBe(`<${link('page=1&per_page=20')}>; rel="first", <${link('page=1&per_page=20')}>; rel="last"`);
    });

    it('per_page=4, page 2: the last two rows, prev, no next', async () => {
      const response = await list({ per_page: '4', page: '2' });
      expect(response.json().map((row: { id: number }) => row.id)).toEqual(ids('proj4', 'proj2'));
      expect(response.headers).toMatchObject({ 'x-total': '6', 'x-total-pages': '2', 'x-per-page': '4', 'x-page': '2', 'x-next-page': '', 'x-prev-page': '1' });
      expect(response.headers.link).toBe(
        `<${link('page=1&per_page=4')}>; rel="prev", <${link('page=1&per_page=4')}>; rel="first", <${link('page=2&per_page=4')}>; rel="last"`,
      );
    });

    it('filters are echoed in Link URLs and counted in X-Total', async () => {
      const response = await list({ type: 'group_type', per_page: '1' });
      expect(response.json().map((row: { id: number }) => row.id)).toEqual(ids('grpA'));
      expect(response.headers).toMatchObject({ 'x-total': '2', 'x-total-pages': '2', 'x-next-page': '2' });
      expect(response.headers.link).toContain(`<${link('page=2&per_page=1&type=group_type')}>; rel="next"`);
    });

    it('per_page=0 → 400; page=abc → 400', async () => {
      const zero = await list({ per_page: '0' });
      expect(zero.status).toBe(400);
      expect(zero.json()).toEqual({ error: 'per_page has a value not allowed' });
      const page = await list({ page: 'abc' });
      expect(page.status).toBe(400);
      expect(page.json()).toEqual({ error: 'page is invalid' });
    });
  });

  /** Keyset pages over the owned runners only (GitLab offers offset pages here; cursor-based keyset conventions as on /runners/all). */
  describe('keyset pagination (pagination=keyset)', () => {
    const walk = async (query: Record<string, string | string[]>, perPage: number, token = ALICE) => {
      const get = (pathAndQuery: string) => app.request('GET', pathAndQuery, { token });
      const { pages, responses } = await walkPages(get, withQuery(RUNNERS, { ...query, pagination: 'keyset', per_page: String(perPage) }), EXTERNAL_URL);
      for (const response of responses) expectKeysetHeaders(response, perPage);
      return pages;
    };

    it('pages cover exactly the owned runners: asc in offset order, desc (the default) reversed; the last page has no next', async () => {
      const offset = await listIds({ per_page: '100' });
      expect(await walk({ order_by: 'id', sort: 'asc' }, 4)).toEqual([offset.slice(0, 4), offset.slice(4)]);
      expect((await walk({}, 1)).flat()).toEqual([...offset].reverse());
      expect((await walk({ sort: 'asc' }, 2, BOB)).flat()).toEqual(await listIds({}, BOB));
    });

    it.each<Record<string, string | string[]>>([{ scope: 'paused' }, { status: 'active' }, { type: 'group_type' }, { tag_list: 'a,b' }, { paused: 'false', tag_list: ['b'] }])(
      'filters apply as in offset mode: %j',
      async (filters) => {
        const offset = await listIds(filters);
        expect((await walk({ ...filters, sort: 'asc' }, 1)).flat()).toEqual(offset);
        expect((await walk(filters, 1)).flat()).toEqual([...offset].reverse());
      },
    );

    it('the Link names the last runner served as the cursor and keeps the filters', async () => {
      const response = await list({ pagination: 'keyset', type: 'project_type', per_page: '2' });
      const cursor = Buffer.from(JSON.stringify({ id: String(r.proj4), _kd: 'n' })).toString('base64url');
      expect(response.json().map((row: { id: number }) => row.id)).toEqual(ids('proj2', 'proj4'));
      expect(response.headers.link).toBe(`<${EXTERNAL_URL}${RUNNERS}?cursor=${cursor}&page=1&pagination=keyset&per_page=2&type=project_type>; rel="next"`);
    });

    it('scope=shared is still 400 Scope contains invalid value; then an unsupported order is 405; then a bad cursor is 400', async () => {
      const scope = await list({ pagination: 'keyset', scope: 'shared', order_by: 'name' });
      expect(scope.status).toBe(400);
      expect(scope.json()).toEqual({ message: 'Scope contains invalid value' });
      const order = await list({ pagination: 'keyset', sort: 'random', cursor: 'x' });
      expect(order.status).toBe(405);
      expect(order.json()).toEqual({ error: 'Keyset pagination is not yet available for this type of request' });
      const cursor = await list({ pagination: 'keyset', cursor: 'x' });
      expect(cursor.status).toBe(400);
      expect(cursor.json()).toEqual({ error: 'cursor is invalid' });
    });
  });

  describe('ownership follows the directory', () => {
    it('a deleted runner disappears from the list', async () => {
      const extra = await register({ token: projectRegistrationToken(1), description: 'temporary' });
      expect(await listIds({}, BOB)).toContain(extra.id);
      expect((await app.request('DELETE', `${RUNNERS}/${extra.id}`, { token: BOB })).status).toBe(204);
      expect(await listIds({}, BOB)).not.toContain(extra.id);
    });

    it('eve made Owner of group 20 owns its group runner and, as Maintainer through the group, its project runner', async () => {
      expect(await listIds({}, patOf('eve'))).toEqual([]);
      const granted = await app.app
        .get(CommandBus).execute(new ChangeDirectoryCommand(groupStreamId(20), { type: 'GrantMemberAccess', source: 'group', sourceId: 20, member: { userId: 7, accessLevel: 50 } }, commandContext({ type: 'system', name: 'test' }, new Date())));
      expect(granted.ok).toBe(true);
      expect(await listIds({}, patOf('eve'))).toEqual(ids('proj3', 'grp20'));
    });
  });
});
