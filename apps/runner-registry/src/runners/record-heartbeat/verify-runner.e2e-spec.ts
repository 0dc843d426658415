import type { EventStore } from '@app/event-store';
import { Clock } from '@app/common/clock';
import { EVENT_STORE } from '../../kernel/tokens';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** POST /api/v4/runners/verify — a runner checks its token; counts as contact (GitLab lib/api/ci/runner.rb, app/models/ci/runner.rb, lib/api/ci/helpers/runner.rb). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('POST /api/v4/runners/verify', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const register = async (payload: Record<string, unknown> = {}) => {
    const response = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN, ...payload } });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string; token_expires_at: string | null }>();
  };
  const details = async (id: number) => {
    const response = await app.request('GET', `${RUNNERS}/${id}`, { token: ROOT });
    expect(response.status).toBe(200);
    return response.json();
  };

  it('a missing token is 400 {"error":"token is missing"}', async () => {
    const response = await app.request('POST', `${RUNNERS}/verify`, { payload: {} });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'token is missing' });
  });

  it('an invalid token is 403 {"message":"403 Forbidden"}', async () => {
    const response = await app.request('POST', `${RUNNERS}/verify`, { payload: { token: 't1_notarealtoken000000' } });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('a registration token is not a runner token: 403', async () => {
    const response = await app.request('POST', `${RUNNERS}/verify`, { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden' });
  });

  it('a valid token → 200 exactly {id, token (echoed), token_expires_at}', async () => {
    const runner = await register();
    const response = await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json();
    expect(Object.keys(body)).toEqual(['id', 'token', 'token_expires_at']);
    expect(body).toEqual({ id: runner.id, token: runner.token, token_expires_at: null });
  });

  it('verifying counts as contact: contacted_at set with milliseconds, status online, online true', async () => {
    const runner = await register();
    expect(await details(runner.id)).toMatchObject({ contacted_at: null, online: null, status: 'never_contacted' });

    const before = Date.now();
    const response = await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token, system_id: 's_0123456789ab' } });
    expect(response.status).toBe(200);

    const shown = await details(runner.id);
    expect(shown.contacted_at).toMatch(ISO_MS);
    expect(Date.parse(shown.contacted_at)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(shown).toMatchObject({ status: 'online', online: true, active: true, paused: false });
  });

  it('a paused runner that verified reports status "paused" with online true', async () => {
    const runner = await register({ paused: true });
    expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } })).status).toBe(200);
    expect(await details(runner.id)).toMatchObject({ status: 'paused', online: true, paused: true, active: false });
  });

  it('accepts the token from a form body and from the query string', async () => {
    const runner = await register();
    const formResponse = await app.request('POST', `${RUNNERS}/verify`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(runner.token)}`,
    });
    expect(formResponse.status).toBe(200);
    expect(formResponse.json()).toEqual({ id: runner.id, token: runner.token, token_expires_at: null });

    const queryResponse = await app.request('POST', `${RUNNERS}/verify`, { query: { token: runner.token } });
    expect(queryResponse.status).toBe(200);
    expect(queryResponse.json().id).toBe(runner.id);
  });

  it('verifying does not change the runner otherwise', async () => {
    const runner = await register({ description: 'steady', tag_list: ['x'] });
    const before = await details(runner.id);
    await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token } });
    const after = await details(runner.id);
    const { contacted_at: _a, online: _b, status: _c, ...restBefore } = before;
    const { contacted_at: _d, online: _e, status: _f, ...restAfter } = after;
    expect(restAfter).toEqual(restBefore);
  });
});

describe('POST /api/v4/runners/verify and runner managers (GitLab lib/api/ci/helpers/runner.rb, app/models/ci/runner_manager.rb, spec/requests/api/ci/runners_spec.rb)', () => {
  let app: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    app = await startTestApp();
    store = app.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await app.close();
  });

  const register = async () => {
    const response = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };
  const verify = async (payload: Record<string, unknown>) => {
    const response = await app.request('POST', `${RUNNERS}/verify`, { payload });
    expect(response.status).toBe(200);
  };
  const managers = async (id: number) => {
    const response = await app.request('GET', `${RUNNERS}/${id}/managers`, { token: ROOT });
    expect(response.status).toBe(200);
    return response.json<Record<string, unknown>[]>();
  };
  const events = (id: number) => store.readStream(`runner-${id}`);

  it('verify with a system_id creates one manager, without version details, online', async () => {
    const runner = await register();
    await verify({ token: runner.token, system_id: 's_verify' });
    expect(await managers(runner.id)).toEqual([
      {
        id: expect.any(Number),
        system_id: 's_verify',
        version: null,
        revision: null,
        platform: null,
        architecture: null,
        created_at: expect.stringMatching(ISO_MS),
        contacted_at: expect.stringMatching(ISO_MS),
        ip_address: '127.0.0.1',
        status: 'online',
        job_execution_status: 'idle',
      },
    ]);
    const registered = (await events(runner.id)).filter((e) => e.type === 'RunnerManagerRegistered');
    expect(registered).toHaveLength(1);
    expect(registered[0].data).toMatchObject({
      runnerId: runner.id,
      systemId: 's_verify',
      info: { version: null, revision: null, platform: null, architecture: null, executor: null, gpus: null },
    });
  });

  it('a second verify within the contact window stores nothing new', async () => {
    const runner = await register();
    await verify({ token: runner.token, system_id: 's_twice' });
    const stored = (await events(runner.id)).length;
    await verify({ token: runner.token, system_id: 's_twice' });
    await verify({ token: runner.token, system_id: 's_twice' });
    expect(await events(runner.id)).toHaveLength(stored);
    expect(await managers(runner.id)).toHaveLength(1);
  });

  it('verify without a system_id uses the <legacy> manager', async () => {
    const runner = await register();
    await verify({ token: runner.token });
    expect((await managers(runner.id)).map((m) => m.system_id)).toEqual(['<legacy>']);
  });

  it('another system_id is another manager', async () => {
    const runner = await register();
    await verify({ token: runner.token, system_id: 's_a' });
    await verify({ token: runner.token, system_id: 's_b' });
    expect((await managers(runner.id)).map((m) => m.system_id)).toEqual(['s_a', 's_b']);
  });

  it('verify keeps the details a job request reported, storing nothing', async () => {
    const runner = await register();
    const polled = await app.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: 's_details', info: { version: '17.0.0', platform: 'linux' } } });
    expect(polled.status).toBe(204);
    const stored = (await events(runner.id)).length;
    await verify({ token: runner.token, system_id: 's_details' });
    expect(await events(runner.id)).toHaveLength(stored);
    expect((await managers(runner.id))[0]).toMatchObject({ system_id: 's_details', version: '17.0.0', platform: 'linux' });
  });

  it('verify with info stores the manager details at once (GitLab authenticate_runner!), before any job request', async () => {
    const runner = await register();
    const info = { name: 'host-1', version: '17.5.0', revision: 'abcdef12', platform: 'linux', architecture: 'arm64', executor: 'docker', config: { gpus: 'all' } };
    await verify({ token: runner.token, system_id: 's_verify_info', info });
    expect((await managers(runner.id))[0]).toMatchObject({ system_id: 's_verify_info', version: '17.5.0', revision: 'abcdef12', platform: 'linux', architecture: 'arm64' });
    const registered = (await events(runner.id)).filter((e) => e.type === 'RunnerManagerRegistered');
    expect(registered[0].data).toMatchObject({ info: { version: '17.5.0', revision: 'abcdef12', platform: 'linux', architecture: 'arm64', executor: 'docker', gpus: 'all' } });
    // The same details again store nothing; an upgrade is stored, and what it leaves out is kept.
    const stored = (await events(runner.id)).length;
    await verify({ token: runner.token, system_id: 's_verify_info', info });
    expect(await events(runner.id)).toHaveLength(stored);
    await verify({ token: runner.token, system_id: 's_verify_info', info: { version: '17.6.0' } });
    expect((await events(runner.id)).length).toBeGreaterThan(stored);
    expect((await managers(runner.id))[0]).toMatchObject({ version: '17.6.0', revision: 'abcdef12', platform: 'linux', architecture: 'arm64' });
  });

  it('verify with info in a form (info[version]=…) as the agent may send it', async () => {
    const runner = await register();
    const response = await app.request('POST', `${RUNNERS}/verify`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${runner.token}&system_id=s_form&info[version]=17.1.0&info[platform]=windows`,
    });
    expect(response.status).toBe(200);
    expect((await managers(runner.id))[0]).toMatchObject({ system_id: 's_form', version: '17.1.0', platform: 'windows' });
  });

  it('an overlong info[version] is refused like a job request\'s: 400, nothing stored', async () => {
    const runner = await register();
    const response = await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token, system_id: 's_long', info: { version: 'v'.repeat(2049) } } });
    expect(response.status).toBe(400);
    expect(await managers(runner.id)).toEqual([]);
  });

  it('a created (glrt-) runner stays unfinished after verify: no RunnerCreationFinished', async () => {
    const created = await app.request('POST', '/api/v4/user/runners', { token: ROOT, payload: { runner_type: 'instance_type' } });
    expect(created.status).toBe(201);
    const { id, token } = created.json();
    await verify({ token, system_id: 's_created' });
    const types = (await events(id)).map((e) => e.type);
    expect(types).toContain('RunnerManagerRegistered');
    expect(types).not.toContain('RunnerCreationFinished');
  });
});

describe('POST /api/v4/runners/verify with expiring runner tokens', () => {
  const DAY = 86_400;
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, {
      editSeed: (s) => {
        s.settings.runner_token_expiration_interval = DAY;
      },
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  it('registration and verify report the same token_expires_at, one interval after registration', async () => {
    const before = Date.now();
    const registered = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    const after = Date.now();
    expect(registered.status).toBe(201);
    const { id, token, token_expires_at } = registered.json();
    expect(token_expires_at).toMatch(ISO_MS);
    expect(Date.parse(token_expires_at)).toBeGreaterThanOrEqual(before + DAY * 1000);
    expect(Date.parse(token_expires_at)).toBeLessThanOrEqual(after + DAY * 1000);

    const verified = await app.request('POST', `${RUNNERS}/verify`, { payload: { token } });
    expect(verified.status).toBe(200);
    expect(verified.json()).toEqual({ id, token, token_expires_at });
  });

  it('an expired token is refused with 403 and does not count as contact', async () => {
    const { id, token } = (await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
    const clock = app.app.get(Clock);
    const real = clock.now.bind(clock);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(real().getTime() + 2 * DAY * 1000));
    try {
      const response = await app.request('POST', `${RUNNERS}/verify`, { payload: { token } });
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
      const reset = await app.request('POST', `${RUNNERS}/reset_authentication_token`, { payload: { token } });
      expect(reset.status).toBe(403);
      expect(reset.json()).toEqual({ message: '403 Forbidden' });
    } finally {
      spy.mockRestore();
    }
    const shown = (await app.request('GET', `${RUNNERS}/${id}`, { token: ROOT })).json();
    expect(shown.contacted_at).toBeNull();
  });

  it('resetting the token (by the runner) computes a fresh expiry', async () => {
    const { token, token_expires_at } = (await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
    const clock = app.app.get(Clock);
    const real = clock.now.bind(clock);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(real().getTime() + DAY * 500));
    try {
      const reset = await app.request('POST', `${RUNNERS}/reset_authentication_token`, { payload: { token } });
      expect(reset.status).toBe(201);
      const body = reset.json();
      expect(body.token_expires_at).toMatch(ISO_MS);
      expect(Date.parse(body.token_expires_at) - Date.parse(token_expires_at)).toBeGreaterThanOrEqual(DAY * 500 - 1000);
      expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: body.token } })).json().token_expires_at).toBe(body.token_expires_at);
    } finally {
      spy.mockRestore();
    }
  });
});
