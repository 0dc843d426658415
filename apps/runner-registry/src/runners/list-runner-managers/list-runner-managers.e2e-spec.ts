import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Clock } from '@app/common/clock';
import { jobEvent, recordJobs } from '../../../../../test/support/job-events';

/**
 * GET /api/v4/runners/:id/managers — the runner's managers, unpaginated (GitLab lib/api/ci/runners.rb,
 * lib/api/entities/ci/runner_manager.rb, app/models/ci/runner_manager.rb). Read access as GET /runners/:id.
 */

const API = '/api/v4';
const RUNNERS = `${API}/runners`;
const ROOT = patOf('root');
const EVE = patOf('eve');
const DAVE = patOf('dave');
const MANAGER_KEYS = ['id', 'system_id', 'version', 'revision', 'platform', 'architecture', 'created_at', 'contacted_at', 'ip_address', 'status', 'job_execution_status'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Runner {
  id: number;
  token: string;
}

describe('GET /api/v4/runners/:id/managers', () => {
  let app: TestApp;
  let instance: Runner;
  let project: Runner;
  let group: Runner;
  /** A fixed "now" for every request of a test (the registry's clock is spied on). */
  let now: number;

  const register = async (token: string): Promise<Runner> => {
    const response = await app.request('POST', RUNNERS, { payload: { token } });
    expect(response.status).toBe(201);
    return response.json<Runner>();
  };
  const clockAt = (at: number) => jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(at));
  const poll = async (runner: Runner, system_id: string, info: Record<string, unknown> = {}) => {
    const response = await app.request('POST', `${API}/jobs/request`, { payload: { token: runner.token, system_id, info } });
    expect(response.status).toBe(204);
  };
  const list = (id: number | string, token?: string) => app.request('GET', `${RUNNERS}/${id}/managers`, { token });
  const listOk = async (id: number, token = ROOT) => {
    const response = await list(id, token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    return response.json<Record<string, unknown>[]>();
  };

  beforeAll(async () => {
    app = await startTestApp();
    instance = await register(INSTANCE_REGISTRATION_TOKEN);
    project = await register(projectRegistrationToken(1));
    group = await register(groupRegistrationToken(9));
  });
  beforeEach(() => {
    now = Date.now();
    clockAt(now);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await app.close();
  });

  describe('access', () => {
    it('anonymous → 401 {"message":"401 Unauthorized"}', async () => {
      const response = await list(instance.id);
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    });

    it('an unknown runner → 404 {"message":"404 Runner Not Found"}', async () => {
      const response = await list(999_999, ROOT);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Runner Not Found' });
    });

    it('a non-integer id → 400 {"error":"id is invalid"}', async () => {
      const response = await list('abc', ROOT);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'id is invalid' });
    });

    it('eve on a project runner → 403 {"message":"403 Forbidden - No access granted"}', async () => {
      const response = await list(project.id, EVE);
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
    });

    it('a project Reporter (dave) on a project runner → 403', async () => {
      const response = await list(project.id, DAVE);
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
    });

    it('any signed-in user (eve) reads an instance runner\'s managers → 200', async () => {
      expect(await listOk(instance.id, EVE)).toEqual(expect.any(Array));
    });

    it('the group Owner with a manage_runner PAT reads a group runner\'s managers → 200', async () => {
      expect(await listOk(group.id, patOf('alice', 'manage_runner'))).toEqual([]);
    });

    it('the project Maintainer with a read_api PAT reads the project runner\'s managers → 200', async () => {
      expect(await listOk(project.id, patOf('bob', 'read_api'))).toEqual([]);
    });
  });

  describe('entries', () => {
    it('a runner without managers → 200 []', async () => {
      expect(await listOk(project.id)).toEqual([]);
    });

    it('one manager: exactly the RunnerManager entity, keys in GitLab order', async () => {
      const runner = await register(INSTANCE_REGISTRATION_TOKEN);
      await poll(runner, 's_entity', { version: '17.4.0', revision: 'cafe0001', platform: 'linux', architecture: 'arm64', executor: 'shell' });
      const [manager, ...rest] = await listOk(runner.id);
      expect(rest).toEqual([]);
      expect(Object.keys(manager)).toEqual(MANAGER_KEYS);
      expect(manager).toEqual({
        id: expect.any(Number),
        system_id: 's_entity',
        version: '17.4.0',
        revision: 'cafe0001',
        platform: 'linux',
        architecture: 'arm64',
        created_at: new Date(now).toISOString(),
        contacted_at: new Date(now).toISOString(),
        ip_address: '127.0.0.1',
        status: 'online',
        job_execution_status: 'idle',
      });
    });

    it('a manager known only from verify: details null, status online', async () => {
      const runner = await register(INSTANCE_REGISTRATION_TOKEN);
      expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: runner.token, system_id: 's_verified' } })).status).toBe(200);
      expect(await listOk(runner.id)).toEqual([
        expect.objectContaining({ system_id: 's_verified', version: null, revision: null, platform: null, architecture: null, status: 'online' }),
      ]);
    });

    it('managers in id order (creation order, not system_id order); a re-created manager comes last with a new id', async () => {
      const runner = await register(INSTANCE_REGISTRATION_TOKEN);
      for (const systemId of ['s_zeta', 's_alpha', 's_mid']) await poll(runner, systemId);
      const first = await listOk(runner.id);
      expect(first.map((m) => m.system_id)).toEqual(['s_zeta', 's_alpha', 's_mid']);
      const ids = first.map((m) => m.id as number);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(3);

      const removed = await app.request('DELETE', `${RUNNERS}/managers`, { payload: { token: runner.token, system_id: 's_zeta' } });
      expect(removed.status).toBe(204);
      await poll(runner, 's_zeta');
      const second = await listOk(runner.id);
      expect(second.map((m) => m.system_id)).toEqual(['s_alpha', 's_mid', 's_zeta']);
      expect(second[2].id).toBeGreaterThan(Math.max(...ids));
    });

    it('managers of one runner are not shown on another', async () => {
      const a = await register(INSTANCE_REGISTRATION_TOKEN);
      const b = await register(INSTANCE_REGISTRATION_TOKEN);
      await poll(a, 's_shared_name');
      await poll(b, 's_shared_name');
      const [ofA] = await listOk(a.id);
      const [ofB] = await listOk(b.id);
      expect(ofA.system_id).toBe('s_shared_name');
      expect(ofB.system_id).toBe('s_shared_name');
      expect(ofA.id).not.toBe(ofB.id);
    });
  });

  describe('status (GitLab app/models/ci/runner_manager.rb)', () => {
    let runner: Runner;
    let contactedAt: number;

    beforeAll(async () => {
      runner = await register(INSTANCE_REGISTRATION_TOKEN);
      contactedAt = Date.now();
      clockAt(contactedAt);
      await poll(runner, 's_status', { version: '17.0.0' });
      jest.restoreAllMocks();
    });

    const statusAt = async (at: number) => {
      clockAt(at);
      const [manager] = await listOk(runner.id);
      return manager;
    };

    it('online right after contact and up to the online timeout (2 h, strict >)', async () => {
      expect((await statusAt(contactedAt)).status).toBe('online');
      expect((await statusAt(contactedAt + 2 * HOUR - 1)).status).toBe('online');
    });

    it('offline once the online timeout has passed; contacted_at stays the last contact', async () => {
      expect(await statusAt(contactedAt + 2 * HOUR)).toMatchObject({ status: 'offline', contacted_at: new Date(contactedAt).toISOString() });
      expect((await statusAt(contactedAt + 3 * DAY)).status).toBe('offline');
    });

    it('stale once neither created nor contacted within 7 days', async () => {
      expect((await statusAt(contactedAt + 7 * DAY - 1)).status).toBe('offline');
      expect((await statusAt(contactedAt + 7 * DAY)).status).toBe('stale');
      expect((await statusAt(contactedAt + 30 * DAY)).status).toBe('stale');
    });

    it('a new poll brings a stale manager back online', async () => {
      const later = contactedAt + 8 * DAY;
      clockAt(later);
      await poll(runner, 's_status', { version: '17.0.0' });
      expect(await statusAt(later + 1000)).toMatchObject({ status: 'online', contacted_at: new Date(later).toISOString() });
    });
  });
});

describe('GET /api/v4/runners/:id/managers: job_execution_status', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('is active while a recorded job of that manager is running, idle otherwise', async () => {
    const runner = (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
    for (const systemId of ['s_busy', 's_idle']) {
      await app.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: systemId } });
    }
    const statuses = async () =>
      Object.fromEntries(
        (await app.request('GET', `/api/v4/runners/${runner.id}/managers`, { token: patOf('root') })).json().map((m: { system_id: string; job_execution_status: string }) => [m.system_id, m.job_execution_status]),
      );
    await recordJobs(app, jobEvent(501, runner.id, { status: 'running', system_id: 's_busy' }));
    expect(await statuses()).toEqual({ s_busy: 'active', s_idle: 'idle' });
    await recordJobs(app, jobEvent(501, runner.id, { status: 'success', system_id: 's_busy' }));
    expect(await statuses()).toEqual({ s_busy: 'idle', s_idle: 'idle' });
  });
});
