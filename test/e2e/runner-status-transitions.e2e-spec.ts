import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@app/event-store';
import { ProjectionEngine, RunnersProjection } from '@app/projections';
import { StatusMonitor } from '../../apps/runner-registry/src/runners/record-status-transitions/status-monitor.timer';
import { Clock } from '@app/common/clock';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';

const ROOT = patOf('root');
const START = Date.parse('2026-11-23T10:00:00.000Z');

/** Second-sized thresholds, and a clock the test moves: every transition is observable at once. */
const ENV = { RUNNER_ONLINE_TIMEOUT_SECONDS: '2', RUNNER_STALE_TIMEOUT_SECONDS: '6', RUNNER_CONTACT_THROTTLE_SECONDS: '1' };

function controlledClock(app: TestApp) {
  let now = START;
  jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  return { set: (seconds: number) => (now = START + seconds * 1000) };
}

const eventTypes = async (app: TestApp, runnerId: number) =>
  (await app.app.get<EventStore>(EVENT_STORE).readStream(`runner-${runnerId}`)).map((e) => e.type);

describe('status transitions, end to end', () => {
  let app: TestApp;
  let clock: ReturnType<typeof controlledClock>;
  let runner: { id: number; token: string };

  beforeAll(async () => {
    app = await startTestApp(ENV);
    clock = controlledClock(app);
    runner = (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
  });
  afterAll(() => app.close());

  /** The status field and every status filter must tell the same story. */
  async function expectStatus(status: string, online: boolean | null) {
    const detail = (await app.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json();
    expect({ status: detail.status, online: detail.online }).toEqual({ status, online });
    for (const filter of ['online', 'offline', 'stale', 'never_contacted']) {
      const listed = (await app.request('GET', `/api/v4/runners/all?status=${filter}&per_page=100`, { token: ROOT })).json();
      const shouldList = filter === status || (filter === 'offline' && status === 'stale' && online === false);
      expect({ filter, listed: listed.some((r: { id: number }) => r.id === runner.id) }).toEqual({ filter, listed: shouldList });
    }
  }
  const poll = () => app.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: 's_1', info: { version: '17.0.0' } } });
  const sweep = () => app.app.get(StatusMonitor).sweep();

  it('starts never_contacted', async () => {
    clock.set(0.5);
    await expectStatus('never_contacted', null);
  });

  it('goes online on its first job request', async () => {
    clock.set(1);
    expect((await poll()).status).toBe(204);
    await expectStatus('online', true);
  });

  it('goes offline once the online timeout has passed, and the monitor records it once', async () => {
    clock.set(3);
    await expectStatus('offline', false);
    await sweep();
    await sweep();
    expect((await eventTypes(app, runner.id)).filter((t) => t === 'RunnerWentOffline')).toHaveLength(1);
  });

  it('goes stale once neither creation nor contact is within the stale timeout, recorded once', async () => {
    clock.set(8);
    await expectStatus('stale', false);
    await sweep();
    await sweep();
    expect((await eventTypes(app, runner.id)).filter((t) => t === 'RunnerBecameStale')).toHaveLength(1);
  });

  it('comes back online on the next poll, which is stored as a fact of its own', async () => {
    clock.set(9);
    await poll();
    await expectStatus('online', true);
    expect((await eventTypes(app, runner.id)).slice(-3)).toEqual(['RunnerWentOffline', 'RunnerBecameStale', 'RunnerContacted']);
  });
});

describe('contact that was never stored', () => {
  const dirs: string[] = [];
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('cannot flip a runner offline after a restart: the log is at most one throttle window behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-restart-'));
    dirs.push(dataDir);
    // Default windows: online for 2 hours, a stored contact at most every 15 minutes.
    const first = await startTestApp({ DATA_DIR: dataDir });
    const clock = controlledClock(first);
    const runner = (await first.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
    for (let minute = 0; minute <= 14; minute++) {
      clock.set(minute * 60);
      await first.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: 's_1' } });
    }
    const live = (await first.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json();
    expect(live.contacted_at).toBe(new Date(START + 14 * 60_000).toISOString());
    expect((await eventTypes(first, runner.id)).filter((t) => t === 'RunnerContacted')).toHaveLength(1);
    await first.stop();

    const second = await startTestApp({ DATA_DIR: dataDir });
    controlledClock(second).set(14 * 60 + 30);
    const restarted = (await second.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json();
    expect(restarted.contacted_at).toBe(new Date(START).toISOString()); // the stored contact, 14.5 minutes old
    expect({ status: restarted.status, online: restarted.online }).toEqual({ status: 'online', online: true });
    await second.app.get(StatusMonitor).sweep();
    expect(await eventTypes(second, runner.id)).not.toContain('RunnerWentOffline');
    await second.stop();
  });

  it('records a transition once even when two replicas sweep at the same moment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-replicas-'));
    dirs.push(dataDir);
    const [a, b] = [await startTestApp({ ...ENV, DATA_DIR: dataDir }), await startTestApp({ ...ENV, DATA_DIR: dataDir })];
    const clocks = [controlledClock(a), controlledClock(b)];
    const runner = (await a.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
    clocks.forEach((c) => c.set(1));
    await a.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token } });
    // Replica b follows the shared log by polling; wait until it has seen everything.
    await b.app.get(ProjectionEngine).waitFor(await a.app.get<EventStore>(EVENT_STORE).headPosition());
    clocks.forEach((c) => c.set(4));
    await Promise.all([a.app.get(StatusMonitor).sweep(), b.app.get(StatusMonitor).sweep()]);
    expect((await eventTypes(a, runner.id)).filter((t) => t === 'RunnerWentOffline')).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('after a replayed runners model is swapped in, the next sweep looks at every runner again, one the old model had lost included', async () => {
    const app = await startTestApp(ENV);
    try {
      const clock = controlledClock(app);
      const runner = (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
      clock.set(1);
      await app.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token } });
      const live = app.app.get(RunnersProjection);
      // The replay's model, as a swap loads it: the documents as they are now.
      const fresh = new RunnersProjection();
      for (const collection of live.collections) {
        const into = fresh.collections.find((c) => c.name === collection.name)!;
        for (const [id, doc] of collection.entries()) into.hydrate(id, doc);
      }
      fresh.afterHydrate();
      // The live model had lost the runner (a damaged document), and the monitor scheduled what it held.
      live.collections.find((c) => c.name === 'runners')!.delete(String(runner.id));
      live.afterHydrate();
      await app.app.get(StatusMonitor).sweep();

      live.replaceWith(fresh);
      clock.set(4);
      await app.app.get(StatusMonitor).sweep();
      expect(await eventTypes(app, runner.id)).toContain('RunnerWentOffline');
    } finally {
      await app.close();
    }
  });

  it('is recorded by the monitor on its own timer, without anyone asking', async () => {
    const app = await startTestApp({ RUNNER_ONLINE_TIMEOUT_SECONDS: '1', STATUS_MONITOR_INTERVAL_MS: '100' });
    try {
      const runner = (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
      await app.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token } });
      const deadline = Date.now() + 10_000;
      while (!(await eventTypes(app, runner.id)).includes('RunnerWentOffline') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await eventTypes(app, runner.id)).toContain('RunnerWentOffline');
    } finally {
      await app.close();
    }
  });
});
