import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { StaleManagerCleanup } from '../../apps/runner-registry/src/runners/delete-stale-managers/stale-manager-cleanup.timer';
import { Clock } from '@app/common/clock';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';

const ROOT = patOf('root');
const START = Date.parse('2026-11-23T10:00:00.000Z');

/** GitLab's StaleManagersCleanupService with a 6 s stale timeout and a clock the test moves. */
describe('stale runner managers are deleted', () => {
  let app: TestApp;
  let now = START;
  let runner: { id: number; token: string };

  beforeAll(async () => {
    app = await startTestApp({ RUNNER_ONLINE_TIMEOUT_SECONDS: '2', RUNNER_STALE_TIMEOUT_SECONDS: '6', RUNNER_CONTACT_THROTTLE_SECONDS: '60' });
    jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    runner = (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const at = (seconds: number) => (now = START + seconds * 1000);
  const poll = (systemId: string) => app.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: systemId } });
  const managers = async () =>
    (await app.request('GET', `/api/v4/runners/${runner.id}/managers`, { token: ROOT })).json<{ system_id: string }[]>().map((m) => m.system_id).sort();
  const cleanup = () => app.app.get(StaleManagerCleanup).run();

  it('keeps managers seen within the stale timeout, including contacts only the cache holds', async () => {
    at(1);
    expect((await poll('s_old')).status).toBe(204);
    expect((await poll('s_busy')).status).toBe(204);
    at(5);
    expect((await poll('s_busy')).status).toBe(204); // inside the throttle window: not in the log, only in the cache
    at(7.5);
    expect(await cleanup()).toBe(1);
    expect(await managers()).toEqual(['s_busy']);
  });

  it('records the deletion in the runner history as done by the cleanup', async () => {
    const history = (await app.request('GET', `/api/v4/runners/${runner.id}/history?per_page=100`, { token: ROOT })).json<
      { event_type: string; actor: { type: string; name?: string }; changes: Record<string, unknown> }[]
    >();
    const deletion = history.find((entry) => entry.event_type === 'RunnerManagerDeleted');
    expect(deletion).toMatchObject({ actor: { type: 'system', name: 'stale-manager-cleanup' } });
  });

  it('deletes the rest once they too go unseen, and a returning manager is registered again', async () => {
    at(11.5);
    expect(await cleanup()).toBe(1);
    expect(await managers()).toEqual([]);
    expect(await cleanup()).toBe(0);
    expect((await poll('s_busy')).status).toBe(204);
    expect(await managers()).toEqual(['s_busy']);
  });
});
