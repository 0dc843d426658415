import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { withToken } from '../../../../../test/support/seed-file';
import { expectKeysetHeaders, walkPages, withQuery } from '../../../../../test/support/page-walk';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** GET /api/v4/groups/:id/runners — the runners a group can use (GitLab lib/api/ci/runners.rb, lib/api/helpers.rb, lib/gitlab/pagination/offset_pagination.rb, lib/api/entities/ci/runner.rb, spec/requests/api/ci/runners_spec.rb). */

const EXTERNAL_URL = 'https://gitlab.example.com';
const ROOT = patOf('root');
const ALICE_CREATE_RUNNER = 'glpat-alice-create-runner-03';
const ALICE_READ_API = 'glpat-alice-read-api-000003';
const BASIC_KEYS = ['id', 'description', 'ip_address', 'active', 'paused', 'is_shared', 'runner_type', 'name', 'online', 'status'];
const runnersOf = (id: number | string) => `/api/v4/groups/${id}/runners`;

describe('GET /api/v4/groups/:id/runners', () => {
  let app: TestApp;
  /** Group 9 > subgroup 10; group 20 is another root. */
  const r = {} as Record<'shared' | 'sharedPaused' | 'grpA' | 'grpAPaused' | 'grpATag2' | 'grpB' | 'projR' | 'grp20', number>;

  const register = async (payload: Record<string, unknown>) => {
    const response = await app.request('POST', '/api/v4/runners', { payload });
    expect(response.status).toBe(201);
    return response.json<{ id: number }>().id;
  };

  beforeAll(async () => {
    app = await startTestApp({ EXTERNAL_URL }, { editSeed: (s) => {
      withToken(s, 'alice', ALICE_CREATE_RUNNER, ['create_runner']);
      withToken(s, 'alice', ALICE_READ_API, ['read_api']);
      s.groups.find((g: { id: number }) => g.id === 20).allow_runner_registration_token = true;
    } });
    r.shared = await register({ token: INSTANCE_REGISTRATION_TOKEN, description: 'shared', tag_list: 'tag1,tag2' });
    r.sharedPaused = await register({ token: INSTANCE_REGISTRATION_TOKEN, paused: true });
    r.grpA = await register({ token: groupRegistrationToken(9), description: 'grpA', tag_list: 'tag1,tag2' });
    r.grpAPaused = await register({ token: groupRegistrationToken(9), paused: true });
    r.grpATag2 = await register({ token: groupRegistrationToken(9), tag_list: 'tag2' });
    r.grpB = await register({ token: groupRegistrationToken(10) });
    r.projR = await register({ token: projectRegistrationToken(1) });
    r.grp20 = await register({ token: groupRegistrationToken(20) });
  });
  afterAll(async () => {
    await app.close();
  });

  const list = (id: number | string, token?: string, query: Record<string, string | string[]> = {}) => app.request('GET', runnersOf(id), { token, query });
  const listIds = async (id: number | string, query: Record<string, string | string[]> = {}, token = ROOT) => {
    const response = await list(id, token, query);
    expect(response.status).toBe(200);
    return response.json<{ id: number }[]>().map((row) => row.id);
  };
  const group9 = () => [r.shared, r.sharedPaused, r.grpA, r.grpAPaused, r.grpATag2];

  describe('access', () => {
    it.each(['root', 'auditor', 'alice'])('%s → 200', async (user) => {
      expect(await listIds(9, {}, patOf(user))).toEqual(group9());
    });

    it('a read_api PAT (alice) → 200', async () => {
      expect(await listIds(9, {}, ALICE_READ_API)).toEqual(group9());
    });

    it.each(['bob', 'carol', 'dave'])('%s (sees the group through its projects, not Maintainer of it) → 403 {"message":"403 Forbidden"}', async (user) => {
      const response = await list(9, patOf(user));
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
    });

    it.each(['eve', 'mallory'])('%s (cannot see group 9) → 404 {"message":"404 Group Not Found"}', async (user) => {
      const response = await list(9, patOf(user));
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Group Not Found' });
    });

    it('an unknown group → 404 Group Not Found', async () => {
      const response = await list(424242, ROOT);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Group Not Found' });
    });

    it('anonymous → 401', async () => {
      const response = await list(9);
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    });

    it.each([
      ['manage_runner', () => patOf('alice', 'manage_runner')],
      ['create_runner', () => ALICE_CREATE_RUNNER],
    ])('a %s PAT → 403 insufficient_scope', async (_scope, token) => {
      const response = await list(9, token());
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });

    it('the group check comes before param validation: eve with type=bogus → 404, bob → 403', async () => {
      expect((await list(9, patOf('eve'), { type: 'bogus' })).status).toBe(404);
      expect((await list(9, patOf('bob'), { type: 'bogus' })).status).toBe(403);
    });
  });

  describe('which runners', () => {
    it('group 9: its runners and instance runners; not the subgroup runner, not project runners, not another root group', async () => {
      expect(await listIds(9)).toEqual(group9());
    });

    it('subgroup 10: its runners, its ancestors\' and instance runners (alice inherits Owner)', async () => {
      expect(await listIds(10, {}, patOf('alice'))).toEqual([...group9(), r.grpB]);
    });

    it('group 20, for its Owner mallory', async () => {
      expect(await listIds(20, {}, patOf('mallory'))).toEqual([r.shared, r.sharedPaused, r.grp20]);
    });

    it('rows are the basic Runner entity', async () => {
      const rows = (await list(9, ROOT)).json();
      for (const row of rows) expect(Object.keys(row)).toEqual(BASIC_KEYS);
      expect(rows[2]).toEqual({
        id: r.grpA,
        description: 'grpA',
        ip_address: null,
        active: true,
        paused: false,
        is_shared: false,
        runner_type: 'group_type',
        name: null,
        online: null,
        status: 'never_contacted',
      });
    });

    it('a group runner registered now shows up on the next read', async () => {
      const id = await register({ token: groupRegistrationToken(10) });
      expect(await listIds(10)).toContain(id);
      expect(await listIds(9)).not.toContain(id);
      expect((await app.request('DELETE', `/api/v4/runners/${id}`, { token: ROOT })).status).toBe(204);
      expect(await listIds(10)).not.toContain(id);
    });
  });

  describe(':id as a full path', () => {
    it.each([
      ['gitlab-org', 9],
      ['GitLab-ORG', 9],
      ['gitlab-org%2Fci', 10],
    ])('%s', async (path, id) => {
      expect(await listIds(path)).toEqual(await listIds(id));
    });

    it.each(['ci', 'gitlab-org%2Fnope', 'some%20string'])('%s → 404 Group Not Found', async (path) => {
      const response = await list(path, ROOT);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Group Not Found' });
    });
  });

  describe('filters', () => {
    it('type=instance_type / group_type; project_type is valid but always []', async () => {
      expect(await listIds(9, { type: 'instance_type' })).toEqual([r.shared, r.sharedPaused]);
      expect(await listIds(9, { type: 'group_type' })).toEqual([r.grpA, r.grpAPaused, r.grpATag2]);
      expect(await listIds(9, { type: 'project_type' })).toEqual([]);
    });

    it('paused=true and status=paused → only the paused runners; with type=group_type only the paused group runner', async () => {
      expect(await listIds(9, { paused: 'true' })).toEqual([r.sharedPaused, r.grpAPaused]);
      expect(await listIds(9, { status: 'paused' })).toEqual([r.sharedPaused, r.grpAPaused]);
      expect(await listIds(9, { type: 'group_type', paused: 'true' })).toEqual([r.grpAPaused]);
      expect(await listIds(9, { paused: 'false' })).toEqual([r.shared, r.grpA, r.grpATag2]);
    });

    it('tag_list=tag1,tag2 → only the runners with both tags', async () => {
      expect(await listIds(9, { tag_list: 'tag1,tag2' })).toEqual([r.shared, r.grpA]);
      expect(await listIds(9, { type: 'group_type', 'tag_list[]': ['tag2'] })).toEqual([r.grpA, r.grpATag2]);
    });

    it('scope is not a parameter here: any value is ignored', async () => {
      for (const scope of ['bogus', 'shared', 'project_type']) expect(await listIds(9, { scope })).toEqual(group9());
    });

    it.each([
      [{ type: 'bogus' }, 'type does not have a valid value'],
      [{ status: 'bogus' }, 'status does not have a valid value'],
      [{ paused: 'maybe' }, 'paused is invalid'],
      [{ version_prefix: 'V15' }, 'version_prefix is invalid'],
      [{ per_page: '0' }, 'per_page has a value not allowed'],
    ])('%j → 400', async (query, error) => {
      const response = await list(9, ROOT, query);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error });
    });
  });

  describe('pagination', () => {
    const link = (path: string, query: string) => `${EXTERNAL_URL}${path}?${query}`;

    it('per_page=2, page 2: headers and Link', async () => {
      const response = await list(9, ROOT, { per_page: '2', page: '2' });
      expect(response.json().map((row: { id: number }) => row.id)).toEqual([r.grpA, r.grpAPaused]);
      expect(response.headers).toMatchObject({
        'x-total': '5',
        'x-total-pages': '3',
        'x-per-page': '2',
        'x-page': '2',
        'x-next-page': '3',
        'x-prev-page': '1',
      });
      const path = runnersOf(9);
      expect(response.headers.link).toBe(
        `<${link(path, 'id=9&page=1&per_page=2')}>; rel="prev", <${link(path, 'id=9&page=3&per_page=2')}>; rel="next", ` +
          `<${link(path, 'id=9&page=1&per_page=2')}>; rel="first", <${link(path, 'id=9&page=3&per_page=2')}>; rel="last"`,
      );
    });

    it('filters count in X-Total', async () => {
      const response = await list('gitlab-org%2Fci', ROOT, { type: 'group_type', per_page: '1' });
      expect(response.headers).toMatchObject({ 'x-total': '4', 'x-total-pages': '4', 'x-next-page': '2' });
      expect(response.headers.link).toContain(`<${link(runnersOf('gitlab-org%2Fci'), 'id=gitlab-org%2Fci&page=2&per_page=1&type=group_type')}>; rel="next"`);
    });
  });

  /** Keyset pages over the runners the group can use (GitLab offers offset pages here; cursor-based keyset conventions as on /runners/all). */
  describe('keyset pagination (pagination=keyset)', () => {
    const walk = async (id: number | string, query: Record<string, string | string[]>, perPage: number, token = ROOT) => {
      const get = (pathAndQuery: string) => app.request('GET', pathAndQuery, { token });
      const { pages, responses } = await walkPages(get, withQuery(runnersOf(id), { ...query, pagination: 'keyset', per_page: String(perPage) }), EXTERNAL_URL);
      for (const response of responses) expectKeysetHeaders(response, perPage);
      return pages;
    };

    it.each<[number | string, Record<string, string | string[]>]>([
      [9, {}],
      [9, { type: 'group_type' }],
      [9, { status: 'paused' }],
      [9, { paused: 'false', tag_list: ['tag2'] }],
      [9, { scope: 'project_type' }],
      [10, {}],
      ['gitlab-org%2Fci', { type: 'group_type' }],
    ])('group %s %j: asc pages give the offset listing, desc (the default) its reverse', async (id, filters) => {
      const offset = await listIds(id, { ...filters, per_page: '100' });
      expect((await walk(id, { ...filters, sort: 'asc' }, 2)).flat()).toEqual(offset);
      expect((await walk(id, filters, 1)).flat()).toEqual([...offset].reverse());
    });

    it('group 20 for mallory, desc by 2: the last page holds one runner and has no rel="next"', async () => {
      expect(await walk(20, {}, 2, patOf('mallory'))).toEqual([[r.grp20, r.sharedPaused], [r.shared]]);
    });

    it('the Link carries the route id, the filters and the cursor of the last runner served', async () => {
      const response = await list(9, ROOT, { pagination: 'keyset', type: 'group_type', per_page: '2' });
      expect(response.json().map((row: { id: number }) => row.id)).toEqual([r.grpATag2, r.grpAPaused]);
      const cursor = Buffer.from(JSON.stringify({ id: String(r.grpAPaused), _kd: 'n' })).toString('base64url');
      expect(response.headers.link).toBe(`<${EXTERNAL_URL}${runnersOf(9)}?cursor=${cursor}&id=9&page=1&pagination=keyset&per_page=2&type=group_type>; rel="next"`);
    });

    it('an unsupported order → 405; a bad cursor → 400', async () => {
      const order = await list(9, ROOT, { pagination: 'keyset', order_by: 'contacted_at' });
      expect(order.status).toBe(405);
      expect(order.json()).toEqual({ error: 'Keyset pagination is not yet available for this type of request' });
      const cursor = await list(9, ROOT, { pagination: 'keyset', cursor: Buffer.from('{"id":"one"}').toString('base64url') });
      expect(cursor.status).toBe(400);
      expect(cursor.json()).toEqual({ error: 'cursor is invalid' });
    });
  });
});
