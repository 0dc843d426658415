import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { withToken } from '../../../../../test/support/seed-file';
import { expectKeysetHeaders, walkPages, withQuery } from '../../../../../test/support/page-walk';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** GET /api/v4/projects/:id/runners — the runners a project can use (GitLab lib/api/ci/runners.rb, lib/api/helpers.rb, lib/gitlab/pagination/offset_pagination.rb, lib/api/entities/ci/runner.rb, spec/requests/api/ci/runners_spec.rb). */

const EXTERNAL_URL = 'https://gitlab.example.com';
const ROOT = patOf('root');
const ALICE_CREATE_RUNNER = 'glpat-alice-create-runner-03';
const BASIC_KEYS = ['id', 'description', 'ip_address', 'active', 'paused', 'is_shared', 'runner_type', 'name', 'online', 'status'];
const runnersOf = (id: number | string) => `/api/v4/projects/${id}/runners`;

describe('GET /api/v4/projects/:id/runners', () => {
  let app: TestApp;
  /**
   * Project 1 (group 9, shared and group runners on), project 2 (subgroup 10), project 4 (group 9,
   * shared and group runners off).
   */
  const r = {} as Record<'shared' | 'sharedPaused' | 'projR' | 'twoR' | 'grpA' | 'grpB' | 'pausedR' | 'p2' | 'p4', number>;

  const register = async (payload: Record<string, unknown>) => {
    const response = await app.request('POST', '/api/v4/runners', { payload });
    expect(response.status).toBe(201);
    return response.json<{ id: number }>().id;
  };

  beforeAll(async () => {
    app = await startTestApp({ EXTERNAL_URL }, { editSeed: (s) => withToken(s, 'alice', ALICE_CREATE_RUNNER, ['create_runner']) });
    r.shared = await register({ token: INSTANCE_REGISTRATION_TOKEN, description: 'shared', tag_list: 'tag1,tag2' });
    r.sharedPaused = await register({ token: INSTANCE_REGISTRATION_TOKEN, paused: true });
    r.projR = await register({ token: projectRegistrationToken(1), description: 'projR', tag_list: ['tag1', 'tag2'] });
    r.twoR = await register({ token: projectRegistrationToken(1), tag_list: 'tag2' });
    r.grpA = await register({ token: groupRegistrationToken(9), tag_list: 'tag1' });
    r.grpB = await register({ token: groupRegistrationToken(10) });
    r.pausedR = await register({ token: projectRegistrationToken(1), paused: true });
    r.p2 = await register({ token: projectRegistrationToken(2) });
    r.p4 = await register({ token: projectRegistrationToken(4) });
    const assign = await app.request('POST', runnersOf(2), { token: ROOT, payload: { runner_id: r.twoR } });
    expect(assign.status).toBe(201);
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

  describe('access', () => {
    it.each([
      ['root (administrator)', 'root'],
      ['the auditor', 'auditor'],
      ['alice (Owner of the group)', 'alice'],
      ['bob (Maintainer)', 'bob'],
    ])('%s → 200', async (_label, user) => {
      expect(await listIds(1, {}, patOf(user))).toEqual([r.shared, r.sharedPaused, r.projR, r.twoR, r.grpA, r.pausedR]);
    });

    it('a read_api PAT (bob) → 200', async () => {
      expect(await listIds(1, {}, patOf('bob', 'read_api'))).toEqual([r.shared, r.sharedPaused, r.projR, r.twoR, r.grpA, r.pausedR]);
    });

    it.each(['carol', 'dave'])('%s (member below Maintainer) → 403 {"message":"403 Forbidden"}', async (user) => {
      const response = await list(1, patOf(user));
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
    });

    it.each(['eve', 'mallory'])('%s (not a member) → 404 {"message":"404 Project Not Found"}', async (user) => {
      const response = await list(1, patOf(user));
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Project Not Found' });
    });

    it('an unknown project → 404 Project Not Found, for root as well', async () => {
      const response = await list(424242, ROOT);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Project Not Found' });
    });

    it('anonymous → 401, also for an unknown project', async () => {
      for (const id of [1, 424242]) {
        const response = await list(id);
        expect(response.status).toBe(401);
        expect(response.json()).toEqual({ message: '401 Unauthorized' });
      }
    });

    it.each([
      ['manage_runner', () => patOf('alice', 'manage_runner')],
      ['create_runner', () => ALICE_CREATE_RUNNER],
    ])('a %s PAT → 403 insufficient_scope', async (_scope, token) => {
      const response = await list(1, token());
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });

    it('the project check comes before param validation: eve with type=bogus → 404, carol → 403', async () => {
      expect((await list(1, patOf('eve'), { type: 'bogus' })).status).toBe(404);
      const carol = await list(1, patOf('carol'), { type: 'bogus' });
      expect(carol.status).toBe(403);
      expect(carol.json()).toEqual({ message: '403 Forbidden' });
    });
  });

  describe('which runners', () => {
    it('project 1: its own runners (twoR too), group 9 runners, instance runners; not the subgroup runner nor project 2 runners', async () => {
      expect(await listIds(1)).toEqual([r.shared, r.sharedPaused, r.projR, r.twoR, r.grpA, r.pausedR]);
    });

    it('project 2 (subgroup 10): group runners of its group and every ancestor', async () => {
      expect(await listIds(2)).toEqual([r.shared, r.sharedPaused, r.twoR, r.grpA, r.grpB, r.p2]);
    });

    it('project 4 (shared and group runners disabled): only its own runners', async () => {
      expect(await listIds(4)).toEqual([r.p4]);
    });

    it('rows are the basic Runner entity, keys in GitLab order', async () => {
      const rows = (await list(1, patOf('bob'))).json();
      for (const row of rows) expect(Object.keys(row)).toEqual(BASIC_KEYS);
      expect(rows[0]).toEqual({
        id: r.shared,
        description: 'shared',
        ip_address: null,
        active: true,
        paused: false,
        is_shared: true,
        runner_type: 'instance_type',
        name: null,
        online: null,
        status: 'never_contacted',
      });
      expect(rows.find((row: { id: number }) => row.id === r.projR)).toMatchObject({ active: true, paused: false, is_shared: false, runner_type: 'project_type' });
      expect(rows.find((row: { id: number }) => row.id === r.pausedR)).toMatchObject({ active: false, paused: true, status: 'never_contacted' });
    });

    it('a runner registered for the project shows up on the next read', async () => {
      const id = await register({ token: projectRegistrationToken(4) });
      expect(await listIds(4)).toEqual([r.p4, id]);
      expect((await app.request('DELETE', `/api/v4/runners/${id}`, { token: ROOT })).status).toBe(204);
      expect(await listIds(4)).toEqual([r.p4]);
    });
  });

  describe(':id as a URL-encoded full path', () => {
    it('group path / project path', async () => {
      expect(await listIds('gitlab-org%2Fgitlab-foss')).toEqual(await listIds(1));
    });

    it('through a subgroup', async () => {
      expect(await listIds('gitlab-org%2Fci%2Fgitlab-runner')).toEqual(await listIds(2));
    });

    it('matched case-insensitively', async () => {
      expect(await listIds('GitLab-Org%2FGitLab-FOSS')).toEqual(await listIds(1));
    });

    it('access rules apply the same way', async () => {
      expect((await list('gitlab-org%2Fgitlab-foss', patOf('carol'))).status).toBe(403);
      expect((await list('gitlab-org%2Fgitlab-foss', patOf('eve'))).json()).toEqual({ message: '404 Project Not Found' });
    });

    it.each(['gitlab-foss', 'gitlab-org%2Fnope', 'other-org%2Fgitlab-foss', 'some%20string'])('%s → 404 Project Not Found', async (id) => {
      const response = await list(id, ROOT);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Project Not Found' });
    });

    it('an unencoded slash does not match the route → 404 {"error":"404 Not Found"}', async () => {
      const response = await list('gitlab-org/gitlab-foss', ROOT);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ error: '404 Not Found' });
    });
  });

  describe('filters', () => {
    it.each([
      ['specific', ['projR', 'twoR', 'grpA', 'pausedR']],
      ['shared', ['shared', 'sharedPaused']],
      ['instance_type', ['shared', 'sharedPaused']],
      ['group_type', ['grpA']],
      ['project_type', ['projR', 'twoR', 'pausedR']],
      ['paused', ['sharedPaused', 'pausedR']],
      ['active', ['shared', 'projR', 'twoR', 'grpA']],
      ['never_contacted', ['shared', 'sharedPaused', 'projR', 'twoR', 'grpA', 'pausedR']],
      ['online', []],
    ] as const)('scope=%s', async (scope, expected) => {
      expect(await listIds(1, { scope })).toEqual(expected.map((name) => r[name]));
    });

    it('type=project_type / group_type / instance_type', async () => {
      expect(await listIds(1, { type: 'project_type' })).toEqual([r.projR, r.twoR, r.pausedR]);
      expect(await listIds(1, { type: 'group_type' })).toEqual([r.grpA]);
      expect(await listIds(1, { type: 'instance_type' })).toEqual([r.shared, r.sharedPaused]);
    });

    it('status=paused and paused=true → only the paused runners; paused=false the others', async () => {
      expect(await listIds(1, { status: 'paused' })).toEqual([r.sharedPaused, r.pausedR]);
      expect(await listIds(1, { paused: 'true' })).toEqual([r.sharedPaused, r.pausedR]);
      expect(await listIds(1, { paused: 'false' })).toEqual([r.shared, r.projR, r.twoR, r.grpA]);
    });

    it('tag_list=tag1,tag2 → only runners with both tags', async () => {
      expect(await listIds(1, { tag_list: 'tag1,tag2' })).toEqual([r.shared, r.projR]);
      expect(await listIds(1, { 'tag_list[]': ['tag2'] })).toEqual([r.shared, r.projR, r.twoR]);
    });

    it('filters are ANDed', async () => {
      expect(await listIds(1, { scope: 'specific', tag_list: 'tag1' })).toEqual([r.projR, r.grpA]);
      expect(await listIds(1, { type: 'instance_type', paused: 'true' })).toEqual([r.sharedPaused]);
    });

    it.each([
      [{ scope: 'unknown' }, 'scope does not have a valid value'],
      [{ type: 'bogus' }, 'type does not have a valid value'],
      [{ status: 'bogus' }, 'status does not have a valid value'],
      [{ paused: 'maybe' }, 'paused is invalid'],
      [{ version_prefix: 'V15' }, 'version_prefix is invalid'],
      [{ per_page: '0' }, 'per_page has a value not allowed'],
      [{ page: 'abc' }, 'page is invalid'],
    ])('%j → 400', async (query, error) => {
      const response = await list(1, ROOT, query);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error });
    });

    it('version_prefix=15 → [] (no runner managers report versions yet)', async () => {
      expect(await listIds(1, { version_prefix: '15' })).toEqual([]);
    });
  });

  describe('pagination', () => {
    const link = (path: string, query: string) => `${EXTERNAL_URL}${path}?${query}`;

    it('per_page=2, page 2: headers and Link (route id echoed, as Grape params include it)', async () => {
      const response = await list(1, ROOT, { per_page: '2', page: '2' });
      expect(response.json().map((row: { id: number }) => row.id)).toEqual([r.projR, r.twoR]);
      expect(response.headers).toMatchObject({
        'x-total': '6',
        'x-total-pages': '3',
        'x-per-page': '2',
        'x-page': '2',
        'x-next-page': '3',
        'x-prev-page': '1',
      });
      const path = runnersOf(1);
      expect(response.headers.link).toBe(
        `<${link(path, 'id=1&page=1&per_page=2')}>; rel="prev", <${link(path, 'id=1&page=3&per_page=2')}>; rel="next", ` +
          `<${link(path, 'id=1&page=1&per_page=2')}>; rel="first", <${link(path, 'id=1&page=3&per_page=2')}>; rel="last"`,
      );
    });

    it('a path id and the filters are echoed in Link; X-Total counts the filtered list', async () => {
      const response = await list('gitlab-org%2Fgitlab-foss', ROOT, { type: 'project_type', per_page: '1' });
      expect(response.headers).toMatchObject({ 'x-total': '3', 'x-total-pages': '3', 'x-next-page': '2' });
      expect(response.headers.link).toContain(
        `<${link(runnersOf('gitlab-org%2Fgitlab-foss'), 'id=gitlab-org%2Fgitlab-foss&page=2&per_page=1&type=project_type')}>; rel="next"`,
      );
    });

    it('an empty list: X-Total 0, X-Total-Pages 1', async () => {
      const response = await list(1, ROOT, { tag_list: 'none' });
      expect(response.json()).toEqual([]);
      expect(response.headers).toMatchObject({ 'x-total': '0', 'x-total-pages': '1', 'x-page': '1', 'x-next-page': '', 'x-prev-page': '' });
    });
  });

  /** Keyset pages over the runners the project can use (GitLab offers offset pages here; cursor-based keyset conventions as on /runners/all). Runs last: it deletes a runner. */
  describe('keyset pagination (pagination=keyset)', () => {
    const walk = async (id: number | string, query: Record<string, string | string[]>, perPage: number) => {
      const get = (pathAndQuery: string) => app.request('GET', pathAndQuery, { token: ROOT });
      const { pages, responses } = await walkPages(get, withQuery(runnersOf(id), { ...query, pagination: 'keyset', per_page: String(perPage) }), EXTERNAL_URL);
      for (const response of responses) expectKeysetHeaders(response, perPage);
      return pages;
    };

    it.each<[number | string, Record<string, string | string[]>]>([
      [1, {}],
      [1, { type: 'project_type' }],
      [1, { scope: 'shared' }],
      [1, { status: 'paused' }],
      [1, { tag_list: 'tag1,tag2' }],
      [2, {}],
      [4, {}],
      ['gitlab-org%2Fgitlab-foss', { paused: 'false' }],
    ])('project %s %j: asc pages give the offset listing, desc (the default) its reverse', async (id, filters) => {
      const offset = await listIds(id, { ...filters, per_page: '100' });
      expect((await walk(id, { ...filters, order_by: 'id', sort: 'asc' }, 2)).flat()).toEqual(offset);
      expect((await walk(id, filters, 1)).flat()).toEqual([...offset].reverse());
    });

    it('pages are full but the last, which has no rel="next"; the Link echoes the route id', async () => {
      const pages = await walk(1, { sort: 'asc' }, 4);
      expect(pages).toEqual([[r.shared, r.sharedPaused, r.projR, r.twoR], [r.grpA, r.pausedR]]);
      const first = await list(1, ROOT, { pagination: 'keyset', sort: 'asc', per_page: '4' });
      const cursor = Buffer.from(JSON.stringify({ id: String(r.twoR), _kd: 'n' })).toString('base64url');
      expect(first.headers.link).toBe(`<${EXTERNAL_URL}${runnersOf(1)}?cursor=${cursor}&id=1&page=1&pagination=keyset&per_page=4&sort=asc>; rel="next"`);
    });

    it('access before params: carol → 403; then an unsupported order → 405', async () => {
      expect((await list(1, patOf('carol'), { pagination: 'keyset', order_by: 'name' })).status).toBe(403);
      const response = await list(1, ROOT, { pagination: 'keyset', order_by: 'name' });
      expect(response.status).toBe(405);
      expect(response.json()).toEqual({ error: 'Keyset pagination is not yet available for this type of request' });
    });

    it('the runner a cursor names deleted before the next page: the walk goes on after it', async () => {
      const offset = await listIds(1, { per_page: '100' });
      let deleted: number | null = null;
      const get = (pathAndQuery: string) => app.request('GET', pathAndQuery, { token: ROOT });
      const { pages } = await walkPages(get, withQuery(runnersOf(1), { pagination: 'keyset', per_page: '2' }), EXTERNAL_URL, async (served) => {
        if (deleted !== null) return;
        deleted = served[served.length - 1].id;
        expect((await app.request('DELETE', `/api/v4/runners/${deleted}`, { token: ROOT })).status).toBe(204);
      });
      expect(deleted).toBe(r.grpA);
      expect(pages.flat()).toEqual([...offset].reverse());
    });
  });
});
