import { runnerContactStreamId } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp, type TestResponse } from '../../../../../test/support/test-app';
import { Clock } from '@app/common/clock';
import { EVENT_STORE } from '../../kernel/tokens';

/**
 * POST /api/v4/jobs/request — the gitlab-runner poll (GitLab lib/api/ci/runner.rb,
 * lib/api/ci/helpers/runner.rb, app/models/ci/runner.rb, app/models/ci/runner_manager.rb;
 * spec/requests/api/ci/runner/jobs_request_post_spec.rb). This registry schedules no jobs: every authenticated poll is 204
 * with X-GitLab-Last-Update. The poll counts as contact, ensures the manager and finishes a
 * created runner's creation; most polls store nothing (heartbeat throttling).
 */

const API = '/api/v4';
const REQUEST = `${API}/jobs/request`;
const RUNNERS = `${API}/runners`;
const ROOT = patOf('root');
const HEX32 = /^[0-9a-f]{32}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MANAGER_KEYS = ['id', 'system_id', 'version', 'revision', 'platform', 'architecture', 'created_at', 'contacted_at', 'ip_address', 'status', 'job_execution_status'];

interface Runner {
  id: number;
  token: string;
}

const lastUpdate = (response: TestResponse) => response.headers['x-gitlab-last-update'];

describe('POST /api/v4/jobs/request', () => {
  let app: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    app = await startTestApp();
    store = app.app.get(EVENT_STORE);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await app.close();
  });

  const register = async (payload: Record<string, unknown> = {}): Promise<Runner> => {
    const response = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN, ...payload } });
    expect(response.status).toBe(201);
    return response.json<Runner>();
  };
  const poll = (payload: Record<string, unknown>, headers?: Record<string, string>) => app.request('POST', REQUEST, { payload, headers });
  const pollOk = async (payload: Record<string, unknown>, headers?: Record<string, string>) => {
    const response = await poll(payload, headers);
    expect(response.status).toBe(204);
    return response;
  };
  const details = async (id: number) => {
    const response = await app.request('GET', `${RUNNERS}/${id}`, { token: ROOT });
    expect(response.status).toBe(200);
    return response.json();
  };
  const managers = async (id: number) => {
    const response = await app.request('GET', `${RUNNERS}/${id}/managers`, { token: ROOT });
    expect(response.status).toBe(200);
    return response.json<Record<string, unknown>[]>();
  };
  const events = (id: number): Promise<RecordedEvent[]> => store.readStream(`runner-${id}`);
  const eventsOf = async (id: number, type: string) => (await events(id)).filter((e) => e.type === type);
  /** Fixes the registry's clock at `at` (epoch ms) until the next call or the end of the test. */
  const clockAt = (at: number) => jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(at));

  describe('authentication and params', () => {
    it('a missing token → 400 {"error":"token is missing"}', async () => {
      const response = await poll({});
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'token is missing' });
      expect(lastUpdate(response)).toBeUndefined();
    });

    it('an invalid token → 403 {"message":"403 Forbidden"}, without X-GitLab-Last-Update', async () => {
      const response = await poll({ token: 'glrt-not-a-real-token-000' });
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
      expect(lastUpdate(response)).toBeUndefined();
    });

    it('a registration token is not a runner token → 403', async () => {
      const response = await poll({ token: INSTANCE_REGISTRATION_TOKEN });
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
    });

    it('the token is read from a JSON body, a form body and the query string', async () => {
      const runner = await register();
      const json = await pollOk({ token: runner.token });
      const form = await app.request('POST', REQUEST, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `token=${encodeURIComponent(runner.token)}&system_id=s_form&info%5Bversion%5D=17.0.0`,
      });
      const query = await app.request('POST', REQUEST, { query: { token: runner.token } });
      for (const response of [json, form, query]) {
        expect(response.status).toBe(204);
        expect(lastUpdate(response)).toMatch(HEX32);
      }
      // The form's nested info[version] reached the manager it created.
      expect((await managers(runner.id)).find((m) => m.system_id === 's_form')).toMatchObject({ version: '17.0.0' });
    });

    it('malformed JSON is Grape’s 400 and closes the connection, as on every route; a charset in the content type is fine', async () => {
      const runner = await register();
      const malformed = await app.request('POST', REQUEST, { headers: { 'content-type': 'application/json' }, payload: `{"token":"${runner.token}"` });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toContain('message body does not match declared format');
      expect(malformed.headers['connection']).toBe('close');
      const charset = await app.request('POST', REQUEST, { headers: { 'content-type': 'application/json; charset=utf-8' }, payload: JSON.stringify({ token: runner.token }) });
      expect(charset.status).toBe(204);
    });

    it('undeclared keys (info.shell, unknown top-level keys) are ignored', async () => {
      const runner = await register();
      await pollOk({ token: runner.token, system_id: 's_extra', info: { shell: 'bash', version: '17.0.0' }, unknown: 'x' });
      const [registered] = await eventsOf(runner.id, 'RunnerManagerRegistered');
      expect(Object.keys(registered.data as object)).not.toContain('shell');
      expect((registered.data as { info: object }).info).not.toHaveProperty('shell');
    });
  });

  describe('204 and X-GitLab-Last-Update', () => {
    it('a valid token → 204, empty body, X-GitLab-Last-Update of 32 hex characters', async () => {
      const runner = await register();
      const response = await pollOk({ token: runner.token });
      expect(response.body).toBe('');
      expect(lastUpdate(response)).toMatch(HEX32);
    });

    it('the value is the same on the next poll while nothing changes', async () => {
      const runner = await register();
      const first = lastUpdate(await pollOk({ token: runner.token }));
      const second = lastUpdate(await pollOk({ token: runner.token }));
      const third = lastUpdate(await pollOk({ token: runner.token, system_id: 's_other', info: { version: '17.0.0' } }));
      expect(second).toBe(first);
      // Contact and manager details are not changes of the runner's queue.
      expect(third).toBe(first);
    });

    it('each runner has its own value', async () => {
      const a = await register();
      const b = await register();
      expect(lastUpdate(await pollOk({ token: a.token }))).not.toBe(lastUpdate(await pollOk({ token: b.token })));
    });

    it('a PUT /runners/:id as root ticks the queue: the next poll shows a new value', async () => {
      const runner = await register();
      const before = lastUpdate(await pollOk({ token: runner.token }));
      const update = await app.request('PUT', `${RUNNERS}/${runner.id}`, { token: ROOT, payload: { description: 'ticked' } });
      expect(update.status).toBe(200);
      const after = lastUpdate(await pollOk({ token: runner.token, last_update: before }));
      expect(after).toMatch(HEX32);
      expect(after).not.toBe(before);
      expect(lastUpdate(await pollOk({ token: runner.token, last_update: after }))).toBe(after);
    });

    it('a PUT that changes nothing still moves the value, as GitLab ticks the queue on every successful update', async () => {
      const runner = await register({ description: 'same' });
      const values = [lastUpdate(await pollOk({ token: runner.token }))];
      clockAt(Date.now());
      for (let i = 0; i < 2; i++) {
        const update = await app.request('PUT', `${RUNNERS}/${runner.id}`, { token: ROOT, payload: { description: 'same' } });
        expect(update.status).toBe(200);
        values.push(lastUpdate(await pollOk({ token: runner.token })));
      }
      expect(new Set(values).size).toBe(3);
      // A refused update moves nothing.
      const refused = await app.request('PUT', `${RUNNERS}/${runner.id}`, { token: ROOT, payload: { maximum_timeout: 1 } });
      expect(refused.status).toBe(400);
      expect(lastUpdate(await pollOk({ token: runner.token }))).toBe(values[2]);
    });

    it('two updates at the same instant tick the queue each time', async () => {
      const runner = await register();
      clockAt(Date.now());
      const values: unknown[] = [];
      for (const description of ['first', 'second']) {
        expect((await app.request('PUT', `${RUNNERS}/${runner.id}`, { token: ROOT, payload: { description } })).status).toBe(200);
        values.push(lastUpdate(await pollOk({ token: runner.token })));
      }
      expect(values[1]).not.toBe(values[0]);
    });

    it('a paused runner still gets 204 with its current value, whatever last_update says', async () => {
      const runner = await register({ paused: true });
      const first = await pollOk({ token: runner.token });
      expect(first.body).toBe('');
      expect(lastUpdate(first)).toMatch(HEX32);
      const second = await pollOk({ token: runner.token, last_update: 'something-else' });
      expect(lastUpdate(second)).toBe(lastUpdate(first));
    });

    it('last_update equal to the current value → 204 echoing it', async () => {
      const runner = await register();
      const current = lastUpdate(await pollOk({ token: runner.token })) as string;
      const response = await pollOk({ token: runner.token, last_update: current });
      expect(response.body).toBe('');
      expect(lastUpdate(response)).toBe(current);
    });

    it('an outdated last_update → 204 with the current value', async () => {
      const runner = await register();
      const current = lastUpdate(await pollOk({ token: runner.token }));
      const response = await pollOk({ token: runner.token, last_update: '0'.repeat(32) });
      expect(lastUpdate(response)).toBe(current);
    });
  });

  describe('contact', () => {
    it('the poll records contact: contacted_at ≈ now, status online, online true', async () => {
      const runner = await register();
      expect(await details(runner.id)).toMatchObject({ contacted_at: null, online: null, status: 'never_contacted' });
      const before = Date.now();
      await pollOk({ token: runner.token });
      const after = Date.now();
      const shown = await details(runner.id);
      expect(shown.contacted_at).toMatch(ISO_MS);
      expect(Date.parse(shown.contacted_at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(shown.contacted_at)).toBeLessThanOrEqual(after);
      expect(shown).toMatchObject({ status: 'online', online: true });
    });

    it('a paused runner that polled reports status "paused" with online true', async () => {
      const runner = await register({ paused: true });
      await pollOk({ token: runner.token });
      expect(await details(runner.id)).toMatchObject({ status: 'paused', online: true, paused: true });
    });

    it('a created (glrt-) runner finishes its creation on its first job request, not on verify', async () => {
      const created = await app.request('POST', `${API}/user/runners`, { token: ROOT, payload: { runner_type: 'instance_type' } });
      expect(created.status).toBe(201);
      const runner = created.json<Runner>();
      expect(runner.token).toMatch(/^glrt-/);

      expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token, system_id: 's_glrt' } })).status).toBe(200);
      expect(await eventsOf(runner.id, 'RunnerCreationFinished')).toEqual([]);

      await pollOk({ token: runner.token, system_id: 's_glrt' });
      const finished = await eventsOf(runner.id, 'RunnerCreationFinished');
      expect(finished).toHaveLength(1);
      expect(finished[0].data).toMatchObject({ runnerId: runner.id });

      await pollOk({ token: runner.token, system_id: 's_glrt' });
      expect(await eventsOf(runner.id, 'RunnerCreationFinished')).toHaveLength(1);
    });

    it('a registered (registration-token) runner never stores RunnerCreationFinished', async () => {
      const runner = await register();
      await pollOk({ token: runner.token });
      expect(await eventsOf(runner.id, 'RunnerCreationFinished')).toEqual([]);
    });
  });

  describe('runner managers', () => {
    it('system_id + info → one manager with the details, the first X-Forwarded-For address, online, idle', async () => {
      const runner = await register();
      const before = Date.now();
      await pollOk(
        {
          token: runner.token,
          system_id: 's_abc',
          info: {
            name: 'host-1',
            version: '17.0.0',
            revision: 'abcdef12',
            platform: 'linux',
            architecture: 'amd64',
            executor: 'docker',
            config: { gpus: 'all', ignored: 'x' },
          },
        },
        { 'x-forwarded-for': '123.222.123.222, 127.0.0.1' },
      );
      const after = Date.now();

      const list = await managers(runner.id);
      expect(list).toHaveLength(1);
      expect(Object.keys(list[0])).toEqual(MANAGER_KEYS);
      expect(list[0]).toEqual({
        id: expect.any(Number),
        system_id: 's_abc',
        version: '17.0.0',
        revision: 'abcdef12',
        platform: 'linux',
        architecture: 'amd64',
        created_at: expect.stringMatching(ISO_MS),
        contacted_at: expect.stringMatching(ISO_MS),
        ip_address: '123.222.123.222',
        status: 'online',
        job_execution_status: 'idle',
      });
      for (const key of ['created_at', 'contacted_at']) {
        expect(Date.parse(list[0][key] as string)).toBeGreaterThanOrEqual(before);
        expect(Date.parse(list[0][key] as string)).toBeLessThanOrEqual(after);
      }

      // Only what GitLab keeps: the details, the executor on its list, config.gpus.
      const [registered] = await eventsOf(runner.id, 'RunnerManagerRegistered');
      expect(registered.data).toMatchObject({
        runnerId: runner.id,
        systemId: 's_abc',
        ipAddress: '123.222.123.222',
        info: { version: '17.0.0', revision: 'abcdef12', platform: 'linux', architecture: 'amd64', executor: 'docker', gpus: 'all' },
      });
      expect(Object.keys((registered.data as { info: object }).info).sort()).toEqual(['architecture', 'executor', 'gpus', 'platform', 'revision', 'version']);
    });

    it('without X-Forwarded-For the manager gets the connection address', async () => {
      const runner = await register();
      await pollOk({ token: runner.token, system_id: 's_direct' });
      expect((await managers(runner.id))[0].ip_address).toBe('127.0.0.1');
    });

    it('an executor GitLab does not know is stored as "unknown"', async () => {
      const runner = await register();
      await pollOk({ token: runner.token, system_id: 's_weird', info: { executor: 'weird' } });
      const [registered] = await eventsOf(runner.id, 'RunnerManagerRegistered');
      expect((registered.data as { info: { executor: string } }).info.executor).toBe('unknown');
    });

    it('no system_id → the shared "<legacy>" manager', async () => {
      const runner = await register();
      await pollOk({ token: runner.token, info: { version: '17.0.0' } });
      await pollOk({ token: runner.token });
      const list = await managers(runner.id);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ system_id: '<legacy>', version: '17.0.0', status: 'online' });
    });

    it('details a poll leaves out or blank keep their stored values; config is replaced as a whole (GitLab attributes_for_keys)', async () => {
      const runner = await register();
      const full = { version: '17.0.0', revision: 'abcdef12', platform: 'linux', architecture: 'amd64', executor: 'docker', config: { gpus: 'all' } };
      await pollOk({ token: runner.token, system_id: 's_partial', info: full });
      await pollOk({ token: runner.token, system_id: 's_partial', info: { version: '17.0.1', revision: '', platform: '  ' } });
      expect((await managers(runner.id))[0]).toMatchObject({ version: '17.0.1', revision: 'abcdef12', platform: 'linux', architecture: 'amd64' });
      const updates = await eventsOf(runner.id, 'RunnerManagerUpdated');
      expect(updates).toHaveLength(1);
      // info.config absent → GitLab writes config {} → gpus gone; the executor is kept.
      expect((updates[0].data as { info: object }).info).toEqual({ version: '17.0.1', gpus: null });

      // No info at all: nothing but contact (and the address) changes.
      await pollOk({ token: runner.token, system_id: 's_partial' });
      expect(await eventsOf(runner.id, 'RunnerManagerUpdated')).toHaveLength(1);
      expect((await managers(runner.id))[0]).toMatchObject({ version: '17.0.1', revision: 'abcdef12' });
    });

    it('an existing manager is not duplicated; its contacted_at moves to the latest poll', async () => {
      const runner = await register();
      const start = Date.now();
      clockAt(start - 3_600_000);
      await pollOk({ token: runner.token, system_id: 's_again' });
      clockAt(start);
      await pollOk({ token: runner.token, system_id: 's_again' });
      const list = await managers(runner.id);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        system_id: 's_again',
        created_at: new Date(start - 3_600_000).toISOString(),
        contacted_at: new Date(start).toISOString(),
        status: 'online',
      });
    });

    it('the runner details show version/revision/platform/architecture of the most recently contacted manager', async () => {
      const runner = await register();
      expect(await details(runner.id)).toMatchObject({ version: null, revision: null, platform: null, architecture: null });

      const start = Date.now();
      const older = { version: '17.2.0', revision: 'aaaa1111', platform: 'linux', architecture: 'amd64' };
      const newer = { version: '17.3.0', revision: 'bbbb2222', platform: 'darwin', architecture: 'arm64' };
      clockAt(start);
      await pollOk({ token: runner.token, system_id: 's_older', info: older });
      clockAt(start + 1000);
      await pollOk({ token: runner.token, system_id: 's_newer', info: newer });
      expect(await details(runner.id)).toMatchObject(newer);

      // A poll that stores nothing (inside the throttle window) still makes s_older the latest.
      const stored = (await events(runner.id)).length;
      clockAt(start + 2000);
      await pollOk({ token: runner.token, system_id: 's_older', info: older });
      expect(await events(runner.id)).toHaveLength(stored);
      expect(await details(runner.id)).toMatchObject(older);
    });
  });

  describe('coalescing (RUNNER_CONTACT_THROTTLE_SECONDS, default 900)', () => {
    const info = { version: '17.0.0', revision: 'abcdef12', platform: 'linux', architecture: 'amd64', executor: 'docker' };

    it('50 polls of one manager within the window store exactly the events of the first poll', async () => {
      const runner = await register();
      const registration = (await events(runner.id)).length;
      await pollOk({ token: runner.token, system_id: 's_busy', info });
      const afterFirst = await events(runner.id);
      const firstPoll = afterFirst.slice(registration).map((e) => e.type);
      expect(firstPoll).toEqual(expect.arrayContaining(['RunnerManagerRegistered', 'RunnerContacted']));

      for (let i = 1; i < 50; i++) await pollOk({ token: runner.token, system_id: 's_busy', info });
      expect(await events(runner.id)).toHaveLength(afterFirst.length);
      expect(await managers(runner.id)).toHaveLength(1);
    });

    it('a version change (17.0.0 → 17.1.0) stores RunnerManagerUpdated at once', async () => {
      const runner = await register();
      await pollOk({ token: runner.token, system_id: 's_upgrade', info });
      await pollOk({ token: runner.token, system_id: 's_upgrade', info });
      const before = (await events(runner.id)).length;

      await pollOk({ token: runner.token, system_id: 's_upgrade', info: { ...info, version: '17.1.0' } });
      const added = (await events(runner.id)).slice(before);
      const updated = added.filter((e) => e.type === 'RunnerManagerUpdated');
      expect(updated).toHaveLength(1);
      expect(updated[0].data).toMatchObject({ runnerId: runner.id, systemId: 's_upgrade', info: { version: '17.1.0' } });
      expect(added.filter((e) => e.type === 'RunnerManagerRegistered')).toEqual([]);

      const list = await managers(runner.id);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ system_id: 's_upgrade', version: '17.1.0', revision: 'abcdef12' });
      expect(await details(runner.id)).toMatchObject({ version: '17.1.0' });

      // The same details again: nothing more.
      const settled = (await events(runner.id)).length;
      await pollOk({ token: runner.token, system_id: 's_upgrade', info: { ...info, version: '17.1.0' } });
      expect(await events(runner.id)).toHaveLength(settled);
    });

    it('a second system_id stores a new manager at once', async () => {
      const runner = await register();
      await pollOk({ token: runner.token, system_id: 's_first', info });
      const before = (await events(runner.id)).length;
      await pollOk({ token: runner.token, system_id: 's_second', info });
      const added = (await events(runner.id)).slice(before);
      expect(added.filter((e) => e.type === 'RunnerManagerRegistered').map((e) => (e.data as { systemId: string }).systemId)).toEqual(['s_second']);
      expect((await managers(runner.id)).map((m) => m.system_id)).toEqual(['s_first', 's_second']);
    });

    it('a poll after the window stores another RunnerContacted, in the manager\'s contact stream', async () => {
      const runner = await register();
      const start = Date.now();
      clockAt(start);
      await pollOk({ token: runner.token, system_id: 's_window' });
      const contacts = (await eventsOf(runner.id, 'RunnerContacted')).length;
      clockAt(start + 899_000);
      await pollOk({ token: runner.token, system_id: 's_window' });
      expect(await eventsOf(runner.id, 'RunnerContacted')).toHaveLength(contacts);
      expect(await store.readStream(runnerContactStreamId(runner.id, 's_window'))).toEqual([]);
      clockAt(start + 901_000);
      await pollOk({ token: runner.token, system_id: 's_window' });
      expect(await eventsOf(runner.id, 'RunnerContacted')).toHaveLength(contacts);
      const routine = await store.readStream(runnerContactStreamId(runner.id, 's_window'));
      expect(routine.map((e) => [e.type, e.data])).toEqual([
        ['RunnerContacted', { runnerId: runner.id, systemId: 's_window', contactedAt: new Date(start + 901_000).toISOString() }],
      ]);
      expect(await details(runner.id)).toMatchObject({ contacted_at: new Date(start + 901_000).toISOString() });
    });
  });

  describe('version_prefix on GET /runners/all matches through managers', () => {
    it('managers 15.0.3 and 16.0.1: 15.0 → first, 16 → second, 25 → [], V15 → 400', async () => {
      const first = await register({ description: 'fifteen' });
      const second = await register({ description: 'sixteen' });
      await pollOk({ token: first.token, system_id: 's_v15', info: { version: '15.0.3' } });
      await pollOk({ token: second.token, system_id: 's_v16', info: { version: '16.0.1' } });

      const ids = async (version_prefix: string) => {
        const response = await app.request('GET', `${RUNNERS}/all`, { token: ROOT, query: { version_prefix, per_page: '100' } });
        expect(response.status).toBe(200);
        return response.json<{ id: number }[]>().map((r) => r.id);
      };
      expect(await ids('15.0')).toEqual([first.id]);
      expect(await ids('15.0.')).toEqual([first.id]);
      expect(await ids('15.0.3')).toEqual([first.id]);
      expect(await ids('15')).toEqual([first.id]);
      expect(await ids('16')).toEqual([second.id]);
      expect(await ids('1')).toEqual([]);
      expect(await ids('25')).toEqual([]);

      const bad = await app.request('GET', `${RUNNERS}/all`, { token: ROOT, query: { version_prefix: 'V15' } });
      expect(bad.status).toBe(400);
      expect(bad.json()).toEqual({ error: 'version_prefix is invalid' });
    });
  });
});

describe('POST /api/v4/jobs/request with RUNNER_CONTACT_THROTTLE_SECONDS=1', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ RUNNER_CONTACT_THROTTLE_SECONDS: '1' });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  it('polls within one second store nothing new; one more than a second later stores another RunnerContacted (a routine one)', async () => {
    const registered = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    const runner = registered.json<Runner>();
    const store = app.app.get<symbol, EventStore>(EVENT_STORE);
    const contacts = async () =>
      [...(await store.readStream(`runner-${runner.id}`)), ...(await store.readStream(runnerContactStreamId(runner.id, 's_fast')))].filter((e) => e.type === 'RunnerContacted');
    const poll = async () => expect((await app.request('POST', REQUEST, { payload: { token: runner.token, system_id: 's_fast' } })).status).toBe(204);

    const start = Date.now();
    const clock = jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(start));
    await poll();
    expect(await contacts()).toHaveLength(1);
    clock.mockImplementation(() => new Date(start + 500));
    await poll();
    expect(await contacts()).toHaveLength(1);
    clock.mockImplementation(() => new Date(start + 1_500));
    await poll();
    const stored = await contacts();
    expect(stored).toHaveLength(2);
    expect(stored[1].data).toMatchObject({ runnerId: runner.id, systemId: 's_fast', contactedAt: new Date(start + 1_500).toISOString() });
    expect(stored[1].streamId).toBe(runnerContactStreamId(runner.id, 's_fast'));
  });
});
