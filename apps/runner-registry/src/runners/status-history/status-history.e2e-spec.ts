import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Clock } from '@app/common/clock';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/**
 * GET /api/v4/runners/status_history, through the real app on a clock the test moves, with the
 * status monitor running as in production: at each moment the test looks at, the counts
 * GET /runners/all?status=… gives are written down, and the history must give the same ones for
 * that moment afterwards.
 */

const URL = '/api/v4/runners/status_history';
const ROOT = patOf('root');
const START = Date.parse('2026-11-23T10:00:00.000Z');
const MIN = 60_000;
const STATUSES = ['online', 'offline', 'stale', 'never_contacted'] as const;
type Counts = Record<(typeof STATUSES)[number], number>;

describe('GET /api/v4/runners/status_history', () => {
  let app: TestApp;
  let now = START;
  const seen = new Map<number, Counts>();

  beforeAll(async () => {
    // Online for 30 minutes after a contact, stale 2 hours after the last sight.
    app = await startTestApp({ RUNNER_ONLINE_TIMEOUT_SECONDS: '1800', RUNNER_STALE_TIMEOUT_SECONDS: '7200', STATUS_MONITOR_INTERVAL_MS: '20' });
    jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const history = async (period?: string, token: string | null = ROOT) =>
    app.request('GET', period === undefined ? URL : `${URL}?period=${period}`, { token: token ?? undefined });
  /** What the list filters count now. */
  async function listCounts(): Promise<Counts> {
    const counts = {} as Counts;
    for (const status of STATUSES) {
      const response = await app.request('GET', `/api/v4/runners/all?status=${status}&per_page=1`, { token: ROOT });
      counts[status] = Number(response.headers['x-total']);
    }
    return counts;
  }
  const countsOf = (point: Counts & { time: string }): Counts => ({ online: point.online, offline: point.offline, stale: point.stale, never_contacted: point.never_contacted });
  /** Moves the clock, and waits until the monitor has recorded what time brought (the history's last point is now: it must agree with the lists). */
  async function at(minutes: number) {
    now = START + minutes * MIN;
    const expected = await listCounts();
    for (let i = 0; ; i++) {
      const points = (await history()).json().points;
      if (JSON.stringify(countsOf(points[points.length - 1])) === JSON.stringify(expected)) return;
      if (i > 150) throw new Error(`history never agreed with the lists at +${minutes} min: ${JSON.stringify(points[points.length - 1])} vs ${JSON.stringify(expected)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const note = async () => seen.set(now, await listCounts());
  const register = async () => (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json<{ id: number; token: string }>();
  const poll = async (token: string) => expect((await app.request('POST', '/api/v4/jobs/request', { payload: { token } })).status).toBe(204);

  it('counts at every moment what GET /runners/all?status=… counted then', async () => {
    await at(0);
    const [a, b, c, d] = [await register(), await register(), await register(), await register()];
    await note(); // 4 never contacted
    await at(10);
    await poll(a.token);
    await poll(b.token);
    await at(15);
    await note(); // a, b online
    await at(45); // both offline since 40 (the monitor records it now)
    await poll(a.token); // a returns
    await note();
    await at(60);
    expect((await app.request('DELETE', `/api/v4/runners/${d.id}`, { token: ROOT })).status).toBe(204);
    await note();
    await at(135); // c stale (created 2 h ago), b stale, a offline
    await note();
    expect(seen.get(START + 135 * MIN)).toEqual({ online: 0, offline: 2, stale: 2, never_contacted: 1 });
    void c;

    const response = await history('24h');
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body.period).toBe('24h');
    expect(body.bucket_seconds).toBe(900);
    // Every quarter hour from 24 hours ago to now, which is one.
    expect(body.points).toHaveLength(97);
    expect(body.points[96].time).toBe(new Date(now).toISOString());
    expect(body.points[0].time).toBe(new Date(now - 24 * 60 * MIN).toISOString());
    const byTime = new Map<number, Counts>(body.points.map((p: Counts & { time: string }) => [Date.parse(p.time), countsOf(p)]));
    for (const [time, counts] of seen) expect({ at: new Date(time).toISOString(), counts: byTime.get(time) }).toEqual({ at: new Date(time).toISOString(), counts });
    // Before the first runner: nothing.
    expect(byTime.get(START - 15 * MIN)).toEqual({ online: 0, offline: 0, stale: 0, never_contacted: 0 });
    // Between two moments with nothing in them, the earlier counts hold.
    expect(byTime.get(START + 30 * MIN)).toEqual(seen.get(START + 15 * MIN));
  });

  it('7d: hourly points, the last one now (not on the hour)', async () => {
    await at(5 * 60 + 20);
    await note();
    const body = (await history('7d')).json();
    expect(body.period).toBe('7d');
    expect(body.bucket_seconds).toBe(3600);
    expect(body.points).toHaveLength(7 * 24 + 1);
    const last = body.points[body.points.length - 1];
    expect(last.time).toBe(new Date(now).toISOString());
    expect(countsOf(last)).toEqual(seen.get(now));
    const hours = body.points.slice(0, -1).map((p: { time: string }) => Date.parse(p.time));
    expect(hours.every((t: number, i: number) => t % (60 * MIN) === 0 && (i === 0 || t - hours[i - 1] === 60 * MIN))).toBe(true);
    expect(countsOf(body.points.find((p: { time: string }) => Date.parse(p.time) === START + 60 * MIN))).toEqual(seen.get(START + 60 * MIN));
    expect(countsOf(body.points.find((p: { time: string }) => Date.parse(p.time) === START))).toEqual(seen.get(START));
  });

  it('defaults to 24h', async () => {
    expect((await history()).json().period).toBe('24h');
  });

  describe('refusals, in GET /runners/all order', () => {
    it('no token → 401', async () => {
      const response = await history('24h', null);
      expect({ status: response.status, body: response.json() }).toEqual({ status: 401, body: { message: '401 Unauthorized' } });
    });

    it('bad period → 400, Grape style', async () => {
      for (const period of ['1h', '', '24H']) {
        const response = await history(period);
        expect({ period, status: response.status, body: response.json() }).toEqual({ period, status: 400, body: { error: 'period does not have a valid value' } });
      }
    });

    it('neither administrator nor auditor → 403; an auditor reads it', async () => {
      const response = await history('24h', patOf('alice'));
      expect({ status: response.status, body: response.json() }).toEqual({ status: 403, body: { message: '403 Forbidden' } });
      expect((await history('7d', patOf('auditor'))).status).toBe(200);
    });
  });

  it('the replay CLI rebuilds the same history from the log, and the restarted service answers the same', async () => {
    const before = (await history('24h')).json();
    await app.stop();
    const root = resolve(__dirname, '../../../../..');
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(root, 'dist/apps/runner-cli/src/main.js'), 'replay'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: '', DATA_DIR: app.config.dataDir },
    });
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line));
    // Every query model, as an operator runs it: the history is folded beside the runners' shard.
    expect(rows.find((row) => 'equal' in row && row.projection === 'status-history')).toMatchObject({ equal: true });
    expect(rows.find((row) => 'documents' in row && row.projection === 'status-history').documents).toBeGreaterThan(20);

    const restarted = await startTestApp({ DATA_DIR: app.config.dataDir });
    try {
      jest.spyOn(restarted.app.get(Clock), 'now').mockImplementation(() => new Date(now));
      const after = await restarted.request('GET', `${URL}?period=24h`, { token: ROOT });
      expect(after.json()).toEqual(before);
    } finally {
      await restarted.stop();
    }
  });
});
