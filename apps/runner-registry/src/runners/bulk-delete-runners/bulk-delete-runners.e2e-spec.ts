import type { EventStore } from '@app/event-store';
import { Clock } from '@app/common/clock';
import { EVENT_STORE } from '../../kernel/tokens';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/runners/bulk_delete: beyond GitLab (its GraphQL bulkRunnerDelete, over REST). */

const API = '/api/v4';
const BULK = `${API}/runners/bulk_delete`;
const ROOT = patOf('root');
const STALE_SECONDS = 604_800;

describe('POST /api/v4/runners/bulk_delete', () => {
  let app: TestApp;
  let store: EventStore;
  let now = Date.now();

  beforeAll(async () => {
    app = await startTestApp();
    store = app.app.get(EVENT_STORE);
    jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const register = async (payload: Record<string, unknown> = {}, token = INSTANCE_REGISTRATION_TOKEN) => {
    const response = await app.request('POST', `${API}/runners`, { payload: { token, ...payload } });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>().id;
  };
  const bulk = (payload: unknown, token: string | null = ROOT) => app.request('POST', BULK, { token: token ?? undefined, payload });
  const exists = async (id: number) => (await app.request('GET', `${API}/runners/${id}`, { token: ROOT })).status === 200;
  const deletions = async (ids: number[]) => {
    const events = await Promise.all(ids.map((id) => store.readStream(`runner-${id}`)));
    return events.map((stream) => stream.filter((e) => e.type === 'RunnerDeleted'));
  };

  it('ids: each runner deleted by its own RunnerDeleted, all under one correlation id; unknown ids refused with the reason', async () => {
    const ids = [await register(), await register(), await register({}, projectRegistrationToken(1))];
    const response = await bulk({ ids: [...ids, 999_999] });
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body).toEqual({ dry_run: false, correlation_id: expect.any(String), deleted: ids, refused: [{ id: 999_999, message: '404 Runner Not Found' }], remaining: 0 });
    for (const id of ids) expect(await exists(id)).toBe(false);
    const events = await deletions(ids);
    expect(events.map((list) => list.length)).toEqual([1, 1, 1]);
    expect(new Set(events.map(([event]) => event.metadata.correlationId))).toEqual(new Set([body.correlation_id]));
    expect(events[0][0].metadata.actor).toEqual({ type: 'user', id: 1 });
  });

  it('dry_run lists what would go and deletes nothing', async () => {
    const ids = [await register(), await register()];
    const response = await bulk({ ids, dry_run: true });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ dry_run: true, correlation_id: null, deleted: ids, refused: [], remaining: 0 });
    for (const id of ids) expect(await exists(id)).toBe(true);
    expect((await deletions(ids)).flat()).toEqual([]);
  });

  it('filters as GET /runners/all: status=stale deletes the stale runners and leaves the rest', async () => {
    const old = [await register({ description: 'old-1' }), await register({ description: 'old-2' })];
    now += (STALE_SECONDS + 60) * 1000;
    const fresh = await register({ description: 'fresh' });
    const stale = (await app.request('GET', `${API}/runners/all`, { token: ROOT, query: { status: 'stale', per_page: '100' } })).json<{ id: number }[]>().map((r) => r.id);
    expect(stale).toEqual(expect.arrayContaining(old));
    const preview = (await bulk({ status: 'stale', dry_run: true })).json();
    expect(preview.deleted).toEqual(stale);
    const response = await bulk({ status: 'stale', type: 'instance_type' });
    expect(response.status).toBe(200);
    expect(response.json().deleted).toEqual(expect.arrayContaining(old));
    expect(response.json().deleted).not.toContain(fresh);
    for (const id of old) expect(await exists(id)).toBe(false);
    expect(await exists(fresh)).toBe(true);
  });

  it('a form with ids[] works too, and a paused=true filter takes only paused runners', async () => {
    const paused = await register({ paused: true });
    const active = await register();
    const form = await app.request('POST', BULK, { token: ROOT, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `paused=true&dry_run=true` });
    expect(form.json().deleted).toContain(paused);
    expect(form.json().deleted).not.toContain(active);
    const byIds = await app.request('POST', BULK, { token: ROOT, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `ids[]=${paused}&ids[]=${active}` });
    expect(byIds.json().deleted).toEqual([paused, active]);
  });

  it('administrators only: an auditor, an owner and anonymous are refused, nothing deleted', async () => {
    const id = await register();
    for (const [token, status, body] of [
      [patOf('auditor'), 403, { message: '403 Forbidden' }],
      [patOf('alice'), 403, { message: '403 Forbidden' }],
      [null, 401, { message: '401 Unauthorized' }],
    ] as const) {
      const response = await bulk({ ids: [id] }, token);
      expect({ status: response.status, body: response.json() }).toEqual({ status, body });
    }
    expect(await exists(id)).toBe(true);
    // Refused before the params are even read.
    expect((await bulk({}, patOf('eve'))).status).toBe(403);
  });

  it.each([
    ['neither ids nor a filter (never "everything")', {}, 'ids, scope, type, paused, status, tag_list, version_prefix, search are missing, at least one parameter must be provided'],
    // Filters that filter nothing are no filter: still never "everything".
    ['only an empty search', { search: '', dry_run: true }, 'ids, scope, type, paused, status, tag_list, version_prefix, search are missing, at least one parameter must be provided'],
    ['only a blank search', { search: '   ', dry_run: true }, 'ids, scope, type, paused, status, tag_list, version_prefix, search are missing, at least one parameter must be provided'],
    ['only an empty tag list', { tag_list: '', dry_run: true }, 'ids, scope, type, paused, status, tag_list, version_prefix, search are missing, at least one parameter must be provided'],
    ['ids and a filter together', { ids: [1], status: 'stale' }, 'ids, status are mutually exclusive'],
    ['more than 1,000 ids', { ids: Array.from({ length: 1001 }, (_, i) => i + 1) }, 'ids is expected to have length within 1 and 1000'],
    ['an id that is not a positive integer', { ids: ['1', 'x'] }, 'ids is invalid'],
    ['an unknown status', { status: 'bogus' }, 'status does not have a valid value'],
  ])('%s → 400', async (_label, payload, error) => {
    const response = await bulk(payload);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error });
  });

  it('at most 1,000 runners a call: the first 1,000 matches by id, and remaining counts the rest', async () => {
    // A tag only these runners carry, so the filter matches exactly them.
    const tagged: number[] = [];
    for (let i = 0; i < 1003; i++) tagged.push(await register({ tag_list: 'bulk-limit' }));
    const first = (await bulk({ tag_list: 'bulk-limit', dry_run: true })).json();
    expect(first.deleted).toEqual(tagged.slice(0, 1000));
    expect(first.remaining).toBe(3);
    const done = (await bulk({ tag_list: 'bulk-limit' })).json();
    expect(done.deleted).toHaveLength(1000);
    expect((await bulk({ tag_list: 'bulk-limit' })).json()).toMatchObject({ deleted: tagged.slice(1000), remaining: 0 });
  }, 120_000);
});
