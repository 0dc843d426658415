import { join } from 'node:path';
import {
  groupRegistrationToken,
  INSTANCE_REGISTRATION_TOKEN,
  patOf,
  projectRegistrationToken,
} from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/runners — legacy registration with a registration token (GitLab lib/api/ci/runner.rb, lib/api/entities/ci/runner_registration_details.rb, app/models/ci/runner.rb). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
/** Devise.friendly_token: URL-safe base64 without l, I, O, 0. */
const FRIENDLY = '[A-HJ-NP-Za-km-z1-9_-]{20}';

async function multipart(fields: [string, string][]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const request = new Request('http://x', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

const form = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

describe('POST /api/v4/runners (register with a registration token)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const register = (payload: Record<string, unknown>) => app.request('POST', RUNNERS, { payload });
  const registerOk = async (payload: Record<string, unknown> = {}) => {
    const response = await register({ token: INSTANCE_REGISTRATION_TOKEN, ...payload });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string; token_expires_at: string | null }>();
  };
  const details = async (id: number) => {
    const response = await app.request('GET', `${RUNNERS}/${id}`, { token: ROOT });
    expect(response.status).toBe(200);
    return response.json();
  };

  it('registers an instance runner: 201 exactly {id, token, token_expires_at: null}, ids start at 1 and increase by one', async () => {
    const first = await register({ token: INSTANCE_REGISTRATION_TOKEN });
    expect(first.status).toBe(201);
    expect(first.headers['content-type']).toBe('application/json');
    const body = first.json();
    expect(Object.keys(body)).toEqual(['id', 'token', 'token_expires_at']);
    expect(body).toEqual({ id: 1, token: expect.any(String), token_expires_at: null });
    expect(body.token).toHaveLength(23);
    expect(body.token).toMatch(new RegExp(`^t1_${FRIENDLY}$`));

    const second = await registerOk();
    const third = await registerOk();
    expect([second.id, third.id]).toEqual([2, 3]);
    expect(new Set([body.token, second.token, third.token]).size).toBe(3);
  });

  it('a missing token is 400 {"error":"token is missing"}', async () => {
    const response = await register({ description: 'no token' });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'token is missing' });
  });

  it('an invalid token is 403 "invalid token supplied"', async () => {
    const response = await register({ token: 'not-a-registration-token' });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden - invalid token supplied' });
  });

  it('a group registration token registers a group_type runner with a t2_ token', async () => {
    const response = await register({ token: groupRegistrationToken(9) });
    expect(response.status).toBe(201);
    const body = response.json();
    expect(body.token).toMatch(new RegExp(`^t2_${FRIENDLY}$`));
    const shown = await details(body.id);
    expect(shown).toMatchObject({ runner_type: 'group_type', is_shared: false });
    expect(shown.groups.map((g: { id: number }) => g.id)).toEqual([9]);
  });

  it('a project registration token registers a project_type runner with a t3_ token', async () => {
    const response = await register({ token: projectRegistrationToken(1) });
    expect(response.status).toBe(201);
    const body = response.json();
    expect(body.token).toMatch(new RegExp(`^t3_${FRIENDLY}$`));
    const shown = await details(body.id);
    expect(shown).toMatchObject({ runner_type: 'project_type', is_shared: false });
    expect(shown.projects.map((p: { id: number }) => p.id)).toEqual([1]);
  });

  it('a project token under a root group that disallows registration tokens is 410', async () => {
    const response = await register({ token: projectRegistrationToken(3) });
    expect(response.status).toBe(410);
    expect(response.json()).toEqual({ message: '410 Gone - runner registration disallowed' });
  });

  it('a group token of a root group that disallows registration tokens is 410', async () => {
    const response = await register({ token: groupRegistrationToken(20) });
    expect(response.status).toBe(410);
    expect(response.json()).toEqual({ message: '410 Gone - runner registration disallowed' });
  });

  it('applies GitLab defaults, visible on GET /runners/:id', async () => {
    const { id } = await registerOk({ info: { name: 'my-runner', version: '17.0.0' } });
    expect(await details(id)).toMatchObject({
      id,
      description: null,
      ip_address: null,
      active: true,
      paused: false,
      is_shared: true,
      runner_type: 'instance_type',
      name: 'my-runner',
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

  it('registration is not contact: contacted_at stays null', async () => {
    const { id } = await registerOk();
    const shown = await details(id);
    expect(shown.contacted_at).toBeNull();
    expect(shown.online).toBeNull();
  });

  it('tag_list "tag1, tag2" becomes ["tag1","tag2"]', async () => {
    const { id } = await registerOk({ tag_list: 'tag1, tag2' });
    expect((await details(id)).tag_list).toEqual(['tag1', 'tag2']);
  });

  it('tags are trimmed and de-duplicated', async () => {
    const { id } = await registerOk({ tag_list: ' a , a, b ,, ' });
    expect((await details(id)).tag_list).toEqual(['a', 'b']);
  });

  it('a maintenance note over 1024 characters is refused', async () => {
    const response = await register({ token: INSTANCE_REGISTRATION_TOKEN, maintenance_note: 'n'.repeat(1025) });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ message: { maintenance_note: ['is too long (maximum is 1024 characters)'] } });
  });

  it('a description over 1024 characters or an info[name] over 256 gets GitLab\'s 400 and registers nothing (app/models/ci/runner.rb)', async () => {
    const total = async () => (await app.request('GET', `${RUNNERS}/all`, { token: patOf('root'), query: { per_page: '1' } })).headers['x-total'];
    const before = await total();
    const long = await register({ token: INSTANCE_REGISTRATION_TOKEN, description: 'd'.repeat(1025) });
    expect(long.status).toBe(400);
    expect(long.json()).toEqual({ message: { description: ['is too long (maximum is 1024 characters)'] } });
    const named = await register({ token: INSTANCE_REGISTRATION_TOKEN, info: { name: 'n'.repeat(257) } });
    expect(named.status).toBe(400);
    expect(named.json()).toEqual({ message: { name: ['is too long (maximum is 256 characters)'] } });
    const both = await register({ token: INSTANCE_REGISTRATION_TOKEN, description: 'd'.repeat(1025), maintenance_note: 'm'.repeat(1025), info: { name: 'n'.repeat(257) } });
    expect(both.json()).toEqual({
      message: { name: ['is too long (maximum is 256 characters)'], description: ['is too long (maximum is 1024 characters)'], maintenance_note: ['is too long (maximum is 1024 characters)'] },
    });
    expect(await total()).toBe(before);
    // At the limits, counted in characters: accepted.
    const { id } = await registerOk({ description: '😀'.repeat(1024), info: { name: 'é'.repeat(256) } });
    expect(await details(id)).toMatchObject({ description: '😀'.repeat(1024), name: 'é'.repeat(256) });
  });

  it('tag_list as a JSON array', async () => {
    const { id } = await registerOk({ tag_list: ['ruby', 'postgres'] });
    expect((await details(id)).tag_list).toEqual(['ruby', 'postgres']);
  });

  it('tag_list[] in a form body', async () => {
    const response = await app.request('POST', RUNNERS, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form([
        ['token', INSTANCE_REGISTRATION_TOKEN],
        ['tag_list[]', 'docker'],
        ['tag_list[]', 'linux'],
      ]),
    });
    expect(response.status).toBe(201);
    expect((await details(response.json().id)).tag_list).toEqual(['docker', 'linux']);
  });

  it('paused=false means active', async () => {
    const { id } = await registerOk({ paused: false });
    expect(await details(id)).toMatchObject({ active: true, paused: false });
  });

  it('paused=true: paused, but a never-contacted runner reports status never_contacted', async () => {
    const { id } = await registerOk({ paused: true });
    expect(await details(id)).toMatchObject({ active: false, paused: true, status: 'never_contacted', online: null });
  });

  it('active=false pauses the runner', async () => {
    const { id } = await registerOk({ active: false });
    expect(await details(id)).toMatchObject({ active: false, paused: true });
  });

  it('maintainer_note is stored as maintenance_note (shown to root)', async () => {
    const { id } = await registerOk({ maintainer_note: 'call ops' });
    expect((await details(id)).maintenance_note).toBe('call ops');
  });

  it('maintenance_note is stored', async () => {
    const { id } = await registerOk({ maintenance_note: 'rack 7' });
    expect((await details(id)).maintenance_note).toBe('rack 7');
  });

  it('maintainer_note and maintenance_note together are mutually exclusive', async () => {
    const response = await register({ token: INSTANCE_REGISTRATION_TOKEN, maintainer_note: 'a', maintenance_note: 'b' });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'maintainer_note, maintenance_note are mutually exclusive' });
  });

  it('active and paused together are mutually exclusive', async () => {
    const response = await register({ token: INSTANCE_REGISTRATION_TOKEN, active: true, paused: false });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'active, paused are mutually exclusive' });
  });

  it('51 tags are refused, 50 are accepted', async () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
    const tooMany = await register({ token: INSTANCE_REGISTRATION_TOKEN, tag_list: tags(51) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json()).toEqual({ message: { tags_list: ['Too many tags specified. Please limit the number of tags to 50'] } });

    const fifty = await registerOk({ tag_list: tags(50) });
    expect((await details(fifty.id)).tag_list).toEqual(tags(50));
  });

  it('run_untagged=false without tags is refused', async () => {
    const response = await register({ token: INSTANCE_REGISTRATION_TOKEN, run_untagged: false });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ message: { tags_list: ['can not be empty when runner is not allowed to pick untagged jobs'] } });
  });

  it('run_untagged=false with tags is accepted', async () => {
    const { id } = await registerOk({ run_untagged: false, tag_list: 'gpu' });
    expect(await details(id)).toMatchObject({ run_untagged: false, tag_list: ['gpu'] });
  });

  it('maximum_timeout below 10 minutes is refused; 600 is accepted', async () => {
    const short = await register({ token: INSTANCE_REGISTRATION_TOKEN, maximum_timeout: 300 });
    expect(short.status).toBe(400);
    expect(short.json()).toEqual({ message: { maximum_timeout: ['needs to be at least 10 minutes'] } });

    const { id } = await registerOk({ maximum_timeout: 600 });
    expect((await details(id)).maximum_timeout).toBe(600);
  });

  it('access_level must be not_protected or ref_protected', async () => {
    const bogus = await register({ token: INSTANCE_REGISTRATION_TOKEN, access_level: 'bogus' });
    expect(bogus.status).toBe(400);
    expect(bogus.json()).toEqual({ error: 'access_level does not have a valid value' });

    const { id } = await registerOk({ access_level: 'ref_protected', locked: true });
    expect(await details(id)).toMatchObject({ access_level: 'ref_protected', locked: true });
  });

  it('a refused registration creates no runner (the next id is not skipped)', async () => {
    const before = await registerOk();
    await register({ token: INSTANCE_REGISTRATION_TOKEN, maximum_timeout: 300 });
    await register({ token: 'garbage' });
    const after = await registerOk();
    expect(after.id).toBe(before.id + 1);
  });

  describe('params arrive from every source', () => {
    const expectRegistered = async (response: Awaited<ReturnType<TestApp['request']>>) => {
      expect(response.status).toBe(201);
      const shown = await details(response.json().id);
      expect(shown).toMatchObject({ description: 'from-source', paused: true, tag_list: ['a', 'b'], name: 'src-name' });
    };

    it('JSON body', async () => {
      await expectRegistered(
        await register({ token: INSTANCE_REGISTRATION_TOKEN, description: 'from-source', paused: true, tag_list: ['a', 'b'], info: { name: 'src-name' } }),
      );
    });

    it('form-urlencoded body', async () => {
      await expectRegistered(
        await app.request('POST', RUNNERS, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: form([
            ['token', INSTANCE_REGISTRATION_TOKEN],
            ['description', 'from-source'],
            ['paused', 'true'],
            ['tag_list', 'a,b'],
            ['info[name]', 'src-name'],
          ]),
        }),
      );
    });

    it('multipart/form-data body', async () => {
      const { payload, headers } = await multipart([
        ['token', INSTANCE_REGISTRATION_TOKEN],
        ['description', 'from-source'],
        ['paused', 'true'],
        ['tag_list[]', 'a'],
        ['tag_list[]', 'b'],
        ['info[name]', 'src-name'],
      ]);
      await expectRegistered(await app.request('POST', RUNNERS, { headers, payload }));
    });

    it('query string', async () => {
      await expectRegistered(
        await app.request('POST', RUNNERS, {
          query: { token: INSTANCE_REGISTRATION_TOKEN, description: 'from-source', paused: 'true', 'tag_list[]': ['a', 'b'], 'info[name]': 'src-name' },
        }),
      );
    });
  });

  it('empty strings are ignored: description "" stays null', async () => {
    const { id } = await registerOk({ description: '', maintenance_note: '', tag_list: '' });
    expect(await details(id)).toMatchObject({ description: null, maintenance_note: null, tag_list: [] });
  });

  it('30 concurrent registrations all succeed with 30 distinct ids', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => register({ token: INSTANCE_REGISTRATION_TOKEN, description: `parallel-${i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(201));
    const bodies = responses.map((r) => r.json<{ id: number; token: string }>());
    expect(new Set(bodies.map((b) => b.id)).size).toBe(30);
    expect(new Set(bodies.map((b) => b.token)).size).toBe(30);
    // Each id holds the runner that was registered with it.
    for (const [i, body] of bodies.entries()) {
      expect((await details(body.id)).description).toBe(`parallel-${i}`);
    }
  });
});

describe('POST /api/v4/runners with registration tokens disabled on the instance', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, {
      editSeed: (s) => {
        s.settings.allow_runner_registration_token = false;
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['the instance token', INSTANCE_REGISTRATION_TOKEN],
    ['a group token', groupRegistrationToken(9)],
    ['a project token', projectRegistrationToken(1)],
    ['a garbage token', 'garbage'],
  ])('%s → 410', async (_label, token) => {
    const response = await app.request('POST', RUNNERS, { payload: { token } });
    expect(response.status).toBe(410);
    expect(response.json()).toEqual({ message: '410 Gone - runner registration disallowed' });
  });

  it('no runner was created', async () => {
    const response = await app.request('GET', `${RUNNERS}/all`, { token: ROOT });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual([]);
  });
});
