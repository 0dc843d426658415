import { Clock } from '@app/common/clock';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { expectKeysetHeaders, walkPages, withQuery } from '../../../../../test/support/page-walk';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** GET /api/v4/runners/all — every runner, for admins and auditors (GitLab lib/api/ci/runners.rb, app/models/ci/runner.rb, lib/gitlab/pagination/offset_pagination.rb, lib/api/entities/ci/runner.rb). */

const RUNNERS = '/api/v4/runners';
const ALL = `${RUNNERS}/all`;
const ROOT = patOf('root');
const EXTERNAL_URL = 'https://gitlab.example.com';
const BASIC_KEYS = ['id', 'description', 'ip_address', 'active', 'paused', 'is_shared', 'runner_type', 'name', 'online', 'status'];

describe('GET /api/v4/runners/all', () => {
  let app: TestApp;
  /** 1: instance [a,b]; 2: instance paused [a]; 3: group [b]; 4: project paused; 5: project [a,b,c], contacted. */
  const ids: number[] = [];

  const register = async (payload: Record<string, unknown>) => {
    const response = await app.request('POST', RUNNERS, { payload });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };

  beforeAll(async () => {
    app = await startTestApp({ EXTERNAL_URL });
    const specs: Record<string, unknown>[] = [
      { token: INSTANCE_REGISTRATION_TOKEN, description: 'one', tag_list: 'a,b', info: { name: 'r1' } },
      { token: INSTANCE_REGISTRATION_TOKEN, description: 'two', paused: true, tag_list: ['a'] },
      { token: groupRegistrationToken(9), description: 'three', tag_list: 'b' },
      { token: projectRegistrationToken(1), description: 'four', paused: true },
      { token: projectRegistrationToken(1), description: 'five', tag_list: 'a, b, c' },
    ];
    let last: { id: number; token: string } | undefined;
    for (const spec of specs) {
      last = await register(spec);
      ids.push(last.id);
    }
    expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: last!.token } })).status).toBe(200);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const list = (query: Record<string, string | string[]> = {}, token: string | null = ROOT) => app.request('GET', ALL, { token: token ?? undefined, query });
  const listIds = async (query: Record<string, string | string[]>) => {
    const response = await list(query);
    expect(response.status).toBe(200);
    return response.json<{ id: number }[]>().map((r) => r.id);
  };
  const pick = (...positions: number[]) => positions.map((p) => ids[p - 1]);

  describe('access', () => {
    it('root → 200 with every runner, ids ascending', async () => {
      const response = await list();
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.json().map((r: { id: number }) => r.id)).toEqual(pick(1, 2, 3, 4, 5));
    });

    it('the auditor → 200 with every runner', async () => {
      expect((await list({}, patOf('auditor'))).json().map((r: { id: number }) => r.id)).toEqual(pick(1, 2, 3, 4, 5));
    });

    it('eve → 403 {"message":"403 Forbidden"}', async () => {
      const response = await list({}, patOf('eve'));
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
    });

    it('a read_api PAT of a non-admin (bob) → 403 {"message":"403 Forbidden"}', async () => {
      const response = await list({}, patOf('bob', 'read_api'));
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
    });

    it('a manage_runner PAT is not accepted on /runners/all → 403 insufficient_scope', async () => {
      const response = await list({}, patOf('alice', 'manage_runner'));
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });

    it('anonymous → 401', async () => {
      const response = await list({}, null);
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    });

    it('anonymous with an invalid filter is still 401 (authentication runs before validation)', async () => {
      const response = await list({ type: 'bogus' }, null);
      expect(response.status).toBe(401);
    });
  });

  it('rows are the basic Runner entity, keys in GitLab order', async () => {
    const rows = (await list()).json();
    for (const row of rows) expect(Object.keys(row)).toEqual(BASIC_KEYS);
    expect(rows[0]).toEqual({
      id: ids[0],
      description: 'one',
      ip_address: null,
      active: true,
      paused: false,
      is_shared: true,
      runner_type: 'instance_type',
      name: 'r1',
      online: null,
      status: 'never_contacted',
    });
    expect(rows[3]).toMatchObject({ active: false, paused: true, is_shared: false, runner_type: 'project_type', status: 'never_contacted' });
    expect(rows[4]).toMatchObject({ online: true, status: 'online', runner_type: 'project_type' });
  });

  describe('filters', () => {
    it.each([
      ['shared', [1, 2]],
      ['specific', [3, 4, 5]],
      ['instance_type', [1, 2]],
      ['group_type', [3]],
      ['project_type', [4, 5]],
      ['paused', [2, 4]],
      ['active', [1, 3, 5]],
      ['never_contacted', [1, 2, 3, 4]],
      ['online', [5]],
      ['offline', []],
      ['stale', []],
    ])('scope=%s', async (scope, expected) => {
      expect(await listIds({ scope })).toEqual(pick(...expected));
    });

    it.each([
      ['instance_type', [1, 2]],
      ['group_type', [3]],
      ['project_type', [4, 5]],
    ])('type=%s', async (type, expected) => {
      expect(await listIds({ type })).toEqual(pick(...expected));
    });

    it.each([
      ['paused', [2, 4]],
      ['active', [1, 3, 5]],
      ['online', [5]],
      ['never_contacted', [1, 2, 3, 4]],
      ['offline', []],
    ])('status=%s', async (status, expected) => {
      expect(await listIds({ status })).toEqual(pick(...expected));
    });

    it('paused=true / paused=false', async () => {
      expect(await listIds({ paused: 'true' })).toEqual(pick(2, 4));
      expect(await listIds({ paused: 'false' })).toEqual(pick(1, 3, 5));
    });

    it('tag_list requires all listed tags (comma string and tag_list[])', async () => {
      expect(await listIds({ tag_list: 'a,b' })).toEqual(pick(1, 5));
      expect(await listIds({ tag_list: 'a, b, c' })).toEqual(pick(5));
      expect(await listIds({ 'tag_list[]': ['a'] })).toEqual(pick(1, 2, 5));
      expect(await listIds({ 'tag_list[]': ['b', 'a'] })).toEqual(pick(1, 5));
      expect(await listIds({ tag_list: 'nope' })).toEqual([]);
    });

    it('filters are ANDed', async () => {
      expect(await listIds({ type: 'project_type', paused: 'false' })).toEqual(pick(5));
      expect(await listIds({ scope: 'shared', tag_list: 'b' })).toEqual(pick(1));
      expect(await listIds({ status: 'paused', type: 'instance_type' })).toEqual(pick(2));
    });

    it('search (beyond GitLab REST, GitLab runners page rule): terms of 3+ characters in the description, ignoring case; shorter text only whole; ANDed with the rest; blank filters nothing', async () => {
      expect(await listIds({ search: 'ONE' })).toEqual(pick(1));
      expect(await listIds({ search: 'thr  ree' })).toEqual(pick(3));
      expect(await listIds({ search: 'our', paused: 'true' })).toEqual(pick(4));
      expect(await listIds({ search: 'our', paused: 'false' })).toEqual([]);
      // Too short for a partial match: only a description that is the whole text.
      expect(await listIds({ search: 'o' })).toEqual([]);
      expect(await listIds({ search: 'nothing like it' })).toEqual([]);
      expect(await listIds({ search: '' })).toEqual(pick(1, 2, 3, 4, 5));
      expect(await listIds({ search: '  ' })).toEqual(pick(1, 2, 3, 4, 5));
      const response = await list({ search: 'tw', per_page: '1' });
      expect(response.headers['x-total']).toBe('0');
      const two = await list({ search: 'TWO', per_page: '1' });
      expect([two.headers['x-total'], two.json<{ id: number }[]>().map((r) => r.id)]).toEqual(['1', pick(2)]);
    });

    it('a search asked again sees descriptions changed since (its remembered answer is kept current)', async () => {
      expect(await listIds({ search: 'renamed' })).toEqual([]);
      const rename = (id: number, description: string) => app.request('PUT', `${RUNNERS}/${id}`, { token: ROOT, payload: { description } });
      expect((await rename(ids[2], 'three renamed')).status).toBe(200);
      expect(await listIds({ search: 'renamed' })).toEqual(pick(3));
      expect((await rename(ids[2], 'three')).status).toBe(200);
      expect(await listIds({ search: 'renamed' })).toEqual([]);
    });

    it('search longer than 255 → 400', async () => {
      const response = await list({ search: 'x'.repeat(256) });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'search is expected to have length less than or equal to 255' });
    });

    it('type=bogus → 400', async () => {
      const response = await list({ type: 'bogus' });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'type does not have a valid value' });
    });

    it('scope=unknown → 400', async () => {
      const response = await list({ scope: 'unknown' });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'scope does not have a valid value' });
    });

    it('status=bogus → 400', async () => {
      const response = await list({ status: 'bogus' });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'status does not have a valid value' });
    });

    it('paused=maybe → 400 paused is invalid', async () => {
      const response = await list({ paused: 'maybe' });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'paused is invalid' });
    });

    it('version_prefix=V15 → 400; 15 and 15abc → [] (no runner managers yet)', async () => {
      const bad = await list({ version_prefix: 'V15' });
      expect(bad.status).toBe(400);
      expect(bad.json()).toEqual({ error: 'version_prefix is invalid' });
      expect(await listIds({ version_prefix: '15' })).toEqual([]);
      expect(await listIds({ version_prefix: '15abc' })).toEqual([]);
    });
  });

  describe('pagination', () => {
    const link = (query: string) => `${EXTERNAL_URL}${ALL}?${query}`;

    it('default headers: X-Total 5, one page of 20', async () => {
      const response = await list();
      expect(response.headers).toMatchObject({
        'x-total': '5',
        'x-total-pages': '1',
        'x-per-page': '20',
        'x-page': '1',
        'x-next-page': '',
        'x-prev-page': '',
      });
      expect(response.headers.link).toBe(`<${link('page=1&per_page=20')}>; rel="first", <${link('page=1&per_page=20')}>; rel="last"`);
    });

    it('per_page=2, page 1: next, first, last', async () => {
      const response = await list({ per_page: '2' });
      expect(response.json().map((r: { id: number }) => r.id)).toEqual(pick(1, 2));
      expect(response.headers).toMatchObject({
        'x-total': '5',
        'x-total-pages': '3',
        'x-per-page': '2',
        'x-page': '1',
        'x-next-page': '2',
        'x-prev-page': '',
      });
      expect(response.headers.link).toBe(
        `<${link('page=2&per_page=2')}>; rel="next", <${link('page=1&per_page=2')}>; rel="first", <${link('page=3&per_page=2')}>; rel="last"`,
      );
    });

    it('per_page=2, page 2: prev and next', async () => {
      const response = await list({ per_page: '2', page: '2' });
      expect(response.json().map((r: { id: number }) => r.id)).toEqual(pick(3, 4));
      expect(response.headers).toMatchObject({ 'x-page': '2', 'x-next-page': '3', 'x-prev-page': '1' });
      expect(response.headers.link).toBe(
        `<${link('page=1&per_page=2')}>; rel="prev", <${link('page=3&per_page=2')}>; rel="next", <${link('page=1&per_page=2')}>; rel="first", <${link('page=3&per_page=2')}>; rel="last"`,
      );
    });

    it('per_page=2, page 3: the last row, prev, no next', async () => {
      const response = await list({ per_page: '2', page: '3' });
      expect(response.json().map((r: { id: number }) => r.id)).toEqual(pick(5));
      expect(response.headers).toMatchObject({ 'x-total': '5', 'x-total-pages': '3', 'x-page': '3', 'x-next-page': '', 'x-prev-page': '2' });
      expect(response.headers.link).toBe(
        `<${link('page=2&per_page=2')}>; rel="prev", <${link('page=1&per_page=2')}>; rel="first", <${link('page=3&per_page=2')}>; rel="last"`,
      );
    });

    it('a page past the end is empty, with neither prev nor next', async () => {
      const response = await list({ per_page: '2', page: '4' });
      expect(response.status).toBe(200);
      expect(response.json()).toEqual([]);
      expect(response.headers).toMatchObject({ 'x-page': '4', 'x-next-page': '', 'x-prev-page': '', 'x-total': '5' });
    });

    it('filters are echoed in Link URLs and counted in X-Total', async () => {
      const response = await list({ type: 'project_type', per_page: '1' });
      expect(response.headers).toMatchObject({ 'x-total': '2', 'x-total-pages': '2', 'x-next-page': '2' });
      expect(response.headers.link).toContain(`<${link('page=2&per_page=1&type=project_type')}>; rel="next"`);
    });

    it('an empty result still has X-Total-Pages 1', async () => {
      const response = await list({ tag_list: 'none' });
      expect(response.headers).toMatchObject({ 'x-total': '0', 'x-total-pages': '1', 'x-page': '1', 'x-next-page': '', 'x-prev-page': '' });
    });

    it('per_page=0 → 400', async () => {
      const response = await list({ per_page: '0' });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'per_page has a value not allowed' });
    });

    it('page=abc → 400 page is invalid; per_page=abc → 400 per_page is invalid', async () => {
      const page = await list({ page: 'abc' });
      expect(page.status).toBe(400);
      expect(page.json()).toEqual({ error: 'page is invalid' });
      const perPage = await list({ per_page: 'abc' });
      expect(perPage.status).toBe(400);
      expect(perPage.json()).toEqual({ error: 'per_page is invalid' });
    });
  });

  describe('status as time passes (clock moved forward)', () => {
    afterEach(() => jest.restoreAllMocks());
    const moveClock = (ms: number) => {
      const clock = app.app.get(Clock);
      const real = clock.now.bind(clock);
      jest.spyOn(clock, 'now').mockImplementation(() => new Date(real().getTime() + ms));
    };

    it('3 hours later the contacted runner is offline', async () => {
      moveClock(3 * 3600_000);
      expect(await listIds({ scope: 'online' })).toEqual([]);
      expect(await listIds({ scope: 'offline' })).toEqual(pick(5));
      expect(await listIds({ status: 'offline' })).toEqual(pick(5));
      expect((await list({ type: 'project_type' })).json()[1]).toMatchObject({ id: ids[4], online: false, status: 'offline' });
    });

    it('8 days later every runner is stale; offline still includes the stale contacted one', async () => {
      moveClock(8 * 86_400_000);
      expect(await listIds({ scope: 'stale' })).toEqual(pick(1, 2, 3, 4, 5));
      expect(await listIds({ status: 'stale' })).toEqual(pick(1, 2, 3, 4, 5));
      expect(await listIds({ status: 'offline' })).toEqual(pick(5));
      expect(await listIds({ status: 'never_contacted' })).toEqual(pick(1, 2, 3, 4));
      expect((await list()).json().map((r: { status: string }) => r.status)).toEqual(Array(5).fill('stale'));
    });
  });

  it('per_page=500 serves at most 100 rows (X-Per-Page 100)', async () => {
    const more = await Promise.all(Array.from({ length: 101 }, () => app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } })));
    expect(more.every((r) => r.status === 201)).toBe(true);
    const response = await list({ per_page: '500' });
    expect(response.status).toBe(200);
    expect(response.json()).toHaveLength(100);
    expect(response.headers).toMatchObject({ 'x-per-page': '100', 'x-total': '106', 'x-total-pages': '2', 'x-next-page': '2' });
    const ids100 = response.json().map((r: { id: number }) => r.id);
    expect(ids100).toEqual([...ids100].sort((a: number, b: number) => a - b));
  });

  /**
   * GitLab paginates this list by offset only; keyset pages follow its cursor-based conventions
   * (lib/api/helpers/pagination_strategies.rb, lib/gitlab/pagination/keyset/cursor_based_request_context.rb,
   * header_builder.rb). Runs last: it deletes runners.
   */
  describe('keyset pagination (pagination=keyset)', () => {
    const get = (pathAndQuery: string) => app.request('GET', pathAndQuery, { token: ROOT });
    const offsetIds = async (query: Record<string, string | string[]>) =>
      (await walkPages(get, withQuery(ALL, { ...query, per_page: '100' }), EXTERNAL_URL)).pages.flat();
    const keysetIds = async (query: Record<string, string | string[]>, perPage: number) => {
      const { pages, responses } = await walkPages(get, withQuery(ALL, { ...query, pagination: 'keyset', per_page: String(perPage) }), EXTERNAL_URL);
      for (const response of responses) expectKeysetHeaders(response, perPage);
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(perPage);
      return pages.flat();
    };
    const cursorOf = (id: number) => Buffer.from(JSON.stringify({ id: String(id), _kd: 'n' })).toString('base64url');

    it('every page walked gives the offset listing: in id order with sort=asc, reversed with sort=desc (the default)', async () => {
      const offset = await offsetIds({});
      expect(offset.length).toBeGreaterThan(100);
      expect(await keysetIds({ order_by: 'id', sort: 'asc' }, 7)).toEqual(offset);
      expect(await keysetIds({ sort: 'desc' }, 20)).toEqual([...offset].reverse());
      expect(await keysetIds({}, 100)).toEqual([...offset].reverse());
    });

    it.each<Record<string, string | string[]>>([
      { type: 'project_type' },
      { type: 'instance_type', paused: 'false' },
      { scope: 'paused' },
      { scope: 'specific' },
      { status: 'never_contacted' },
      { status: 'online' },
      { paused: 'true' },
      { tag_list: 'a,b' },
      { tag_list: ['a'] },
      { scope: 'shared', tag_list: 'b' },
      { version_prefix: '15' },
    ])('filters apply as in offset mode: %j', async (filters) => {
      const offset = await offsetIds(filters);
      expect(await keysetIds({ ...filters, sort: 'asc' }, 1)).toEqual(offset);
      expect(await keysetIds(filters, 2)).toEqual([...offset].reverse());
    });

    it('the status filter agrees with the status field', async () => {
      for (const status of ['online', 'never_contacted']) {
        const response = await list({ pagination: 'keyset', status, per_page: '100' });
        const rows = response.json<{ status: string }[]>();
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row.status).toBe(status);
      }
    });

    it('Link: rel="next" only, on GitLab host, every param plus the cursor of the last runner served; none on the last page', async () => {
      const first = await list({ pagination: 'keyset', type: 'project_type', per_page: '1' });
      expect(first.json().map((r: { id: number }) => r.id)).toEqual(pick(5));
      expectKeysetHeaders(first, 1);
      expect(first.headers.link).toBe(`<${EXTERNAL_URL}${ALL}?cursor=${cursorOf(ids[4])}&page=1&pagination=keyset&per_page=1&type=project_type>; rel="next"`);
      const last = await list({ pagination: 'keyset', type: 'project_type', per_page: '1', cursor: cursorOf(ids[4]) });
      expect(last.json().map((r: { id: number }) => r.id)).toEqual(pick(4));
      expectKeysetHeaders(last, 1);
      expect(last.headers).not.toHaveProperty('link');
    });

    it('page is ignored; a blank cursor is the first page; per_page over 100 serves 100', async () => {
      const first = (await list({ pagination: 'keyset', per_page: '3' })).json();
      expect((await list({ pagination: 'keyset', per_page: '3', page: '4', cursor: '' })).json()).toEqual(first);
      const capped = await list({ pagination: 'keyset', per_page: '500' });
      expect(capped.json()).toHaveLength(100);
      expect(capped.headers['x-per-page']).toBe('100');
    });

    it.each<[string, Record<string, string>]>([
      ['order_by=name', { order_by: 'name' }],
      ['order_by=created_at&sort=asc', { order_by: 'created_at', sort: 'asc' }],
      ['sort=sideways', { sort: 'sideways' }],
      ['an unsupported order with a bad cursor (the order is checked first)', { order_by: 'name', cursor: 'not-a-cursor' }],
    ])('%s → 405 as GitLab refuses an unsupported keyset order', async (_label, query) => {
      const response = await list({ pagination: 'keyset', ...query });
      expect(response.status).toBe(405);
      expect(response.json()).toEqual({ error: 'Keyset pagination is not yet available for this type of request' });
    });

    it('bad params → 400: a cursor this service did not make, per_page=0, an invalid filter', async () => {
      const cursor = await list({ pagination: 'keyset', cursor: 'not-a-cursor' });
      expect(cursor.status).toBe(400);
      expect(cursor.json()).toEqual({ error: 'cursor is invalid' });
      const perPage = await list({ pagination: 'keyset', per_page: '0' });
      expect(perPage.status).toBe(400);
      expect(perPage.json()).toEqual({ error: 'per_page has a value not allowed' });
      const type = await list({ pagination: 'keyset', type: 'bogus', order_by: 'name' });
      expect(type.status).toBe(400);
      expect(type.json()).toEqual({ error: 'type does not have a valid value' });
    });

    it('access is checked first: eve → 403', async () => {
      const response = await list({ pagination: 'keyset', order_by: 'name' }, patOf('eve'));
      expect(response.status).toBe(403);
    });

    it('without pagination=keyset, order_by, sort and cursor are ignored (offset pages, as GitLab)', async () => {
      const plain = await list({ per_page: '2' });
      for (const query of [{ pagination: 'offset' }, { order_by: 'name', sort: 'sideways', cursor: 'not-a-cursor' }] as Record<string, string>[]) {
        const response = await list({ per_page: '2', ...query });
        expect(response.status).toBe(200);
        expect(response.json()).toEqual(plain.json());
        expect(response.headers).toMatchObject({ 'x-total': plain.headers['x-total'], 'x-page': '1' });
      }
    });

    it('a runner deleted between pages: the walk continues after its cursor, skipping nothing and repeating nothing', async () => {
      const before = await offsetIds({});
      const deleted: number[] = [];
      const remove = async (id: number) => {
        expect((await app.request('DELETE', `${RUNNERS}/${id}`, { token: ROOT })).status).toBe(204);
        deleted.push(id);
      };
      // After the first page: the runner the cursor names, and the next one the walk would have served.
      const { pages } = await walkPages(get, withQuery(ALL, { pagination: 'keyset', sort: 'asc', per_page: '3' }), EXTERNAL_URL, async (served) => {
        if (deleted.length > 0) return;
        const cursorId = served[served.length - 1].id;
        await remove(cursorId);
        await remove(before[before.indexOf(cursorId) + 1]);
      });
      expect(deleted).toHaveLength(2);
      expect(pages.flat()).toEqual(before.filter((id) => id !== deleted[1]));

      const now = await offsetIds({});
      const desc = await walkPages(get, withQuery(ALL, { pagination: 'keyset', per_page: '4' }), EXTERNAL_URL, async (served) => {
        if (deleted.length > 2) return;
        await remove(served[served.length - 1].id);
      });
      expect(deleted).toHaveLength(3);
      expect(desc.pages.flat()).toEqual([...now].reverse());
    });
  });
});
