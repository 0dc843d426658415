import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '@app/common/clock';
import { runnerContactStreamId, runnerStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { ThrowawayDatabases } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { ProjectionEngine } from '@app/projections';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { StatusMonitor } from '../../apps/runner-registry/src/runners/record-status-transitions/status-monitor.timer';

/**
 * The log grows with change, not with time: a runner that polls steadily and changes nothing adds,
 * after its first contact, no event to its runner stream, and keeps exactly one in its manager's
 * contact stream (truncated to its latest event), however many throttle windows pass. Default
 * windows: a stored contact at most every 15 minutes, online for 2 hours.
 */
const ROOT = patOf('root');
const START = Date.parse('2026-11-23T10:00:00.000Z');
const MINUTE = 60_000;
const at = (minutes: number) => new Date(START + minutes * MINUTE).toISOString();

function controlledClock(app: TestApp) {
  let now = START;
  jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  return { set: (minutes: number) => (now = START + minutes * MINUTE) };
}

describe('an idle runner polling steadily', () => {
  const dirs: string[] = [];
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const register = async (app: TestApp) => (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json<{ id: number; token: string }>();
  const poll = async (app: TestApp, token: string) => {
    const response = await app.request('POST', '/api/v4/jobs/request', { payload: { token, system_id: 's_idle', info: { version: '17.0.0' } } });
    expect(response.status).toBe(204);
  };
  const detail = async (app: TestApp, id: number) => (await app.request('GET', `/api/v4/runners/${id}`, { token: ROOT })).json<Record<string, unknown>>();
  const managers = async (app: TestApp, id: number) => (await app.request('GET', `/api/v4/runners/${id}/managers`, { token: ROOT })).json<Record<string, unknown>[]>();

  it('adds nothing to its runner stream for a day of polls and keeps one event in its contact stream', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-idle-'));
    dirs.push(dataDir);
    const app = await startTestApp({ DATA_DIR: dataDir });
    const store = app.app.get<EventStore>(EVENT_STORE);
    const clock = controlledClock(app);
    const runner = await register(app);
    await poll(app, runner.token);
    const runnerStream = await store.readStream(runnerStreamId(runner.id));
    const logSize = (await store.readAll()).length;

    // A poll every 5 minutes for 24 hours (96 throttle windows), the status monitor sweeping hourly.
    for (let minute = 5; minute <= 24 * 60; minute += 5) {
      clock.set(minute);
      await poll(app, runner.token);
      if (minute % 60 === 0) await app.app.get(StatusMonitor).sweep();
    }

    expect(await store.readStream(runnerStreamId(runner.id))).toEqual(runnerStream);
    const contacts = await store.readStream(runnerContactStreamId(runner.id, 's_idle'));
    expect(contacts.map((e) => [e.type, e.data])).toEqual([['RunnerContacted', { runnerId: runner.id, systemId: 's_idle', contactedAt: at(24 * 60) }]]);
    // Revisions still count every routine contact ever stored: one per window.
    expect(contacts[0].revision).toBe(24 * 4 - 1);
    // The whole log: one event more than after the first contact, the contact stream's one.
    expect((await store.readAll()).length).toBe(logSize + 1);

    expect(await detail(app, runner.id)).toMatchObject({ contacted_at: at(24 * 60), status: 'online', online: true });
    expect(await managers(app, runner.id)).toEqual([expect.objectContaining({ system_id: 's_idle', contacted_at: at(24 * 60), status: 'online' })]);
    await app.stop();
  });

  it('keeps its freshest stored contact across a restart, and still goes offline once when it stops', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-idle-restart-'));
    dirs.push(dataDir);
    const first = await startTestApp({ DATA_DIR: dataDir });
    const clock = controlledClock(first);
    const runner = await register(first);
    // Every 5 minutes for 5 hours and 5 minutes: routine contacts stored at 15, 30, ... 300 minutes.
    for (let minute = 0; minute <= 305; minute += 5) {
      clock.set(minute);
      await poll(first, runner.token);
    }
    expect((await detail(first, runner.id)).contacted_at).toBe(at(305)); // the contact cache
    await first.stop();

    const second = await startTestApp({ DATA_DIR: dataDir });
    const later = controlledClock(second);
    later.set(315);
    const restarted = await detail(second, runner.id);
    expect(restarted).toMatchObject({ contacted_at: at(300), status: 'online', online: true });
    expect((await managers(second, runner.id))[0]).toMatchObject({ contacted_at: at(300), status: 'online' });
    const sweep = () => second.app.get(StatusMonitor).sweep();
    const transitions = async () =>
      (await second.app.get<EventStore>(EVENT_STORE).readStream(runnerStreamId(runner.id))).filter((e) => e.type === 'RunnerWentOffline' || e.type === 'RunnerBecameStale');
    await sweep();
    expect(await transitions()).toEqual([]);

    // Silent since minute 300: offline after the 2-hour online timeout, recorded once, from the freshest contact.
    later.set(419);
    await sweep();
    expect(await transitions()).toEqual([]);
    later.set(421);
    await sweep();
    await sweep();
    expect((await transitions()).map((e) => [e.type, e.data])).toEqual([
      ['RunnerWentOffline', { runnerId: runner.id, lastContactedAt: at(300), detectedAt: at(421) }],
    ]);
    expect(await detail(second, runner.id)).toMatchObject({ status: 'offline', online: false });

    // Back: a fact of the runner stream again, not a routine contact.
    later.set(422);
    await poll(second, runner.token);
    const types = (await second.app.get<EventStore>(EVENT_STORE).readStream(runnerStreamId(runner.id))).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['RunnerWentOffline', 'RunnerContacted']);
    expect(await detail(second, runner.id)).toMatchObject({ contacted_at: at(422), status: 'online' });
    await second.stop();
  });
});

describe('idle runners polled through two replicas on one PostgreSQL database', () => {
  const databases = new ThrowawayDatabases();
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => databases.dropAll());

  it('store one routine contact per window between them, in one contact stream kept to its latest event', async () => {
    const database = await databases.create();
    const env = { DATABASE_URL: database.connectionString };
    const a = await startTestApp(env);
    const b = await startTestApp(env);
    try {
      const clocks = [controlledClock(a), controlledClock(b)];
      const store = a.app.get<EventStore>(EVENT_STORE);
      const runner = (await a.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json<{ id: number; token: string }>();
      const poll = async (replica: TestApp) => {
        const response = await replica.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: 's_pg' } });
        expect(response.status).toBe(204);
      };
      await poll(a);
      await b.app.get(ProjectionEngine).waitFor(await store.headPosition());
      const runnerStream = await store.readStream(runnerStreamId(runner.id));
      const logSize = (await store.readAll()).length;

      // Every 5 minutes for 6 hours, alternating replicas (24 throttle windows).
      for (let minute = 5; minute <= 360; minute += 5) {
        clocks.forEach((clock) => clock.set(minute));
        await poll(minute % 10 === 0 ? a : b);
      }

      expect(await store.readStream(runnerStreamId(runner.id))).toEqual(runnerStream);
      const contacts = await store.readStream(runnerContactStreamId(runner.id, 's_pg'));
      expect(contacts.map((e) => [e.revision, e.data])).toEqual([[23, { runnerId: runner.id, systemId: 's_pg', contactedAt: at(360) }]]);
      expect((await store.readAll()).length).toBe(logSize + 1);
      await a.app.get(ProjectionEngine).waitFor(await store.headPosition());
      expect((await a.request('GET', `/api/v4/runners/${runner.id}`, { token: ROOT })).json()).toMatchObject({ contacted_at: at(360), status: 'online' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
