import type { AddressInfo } from 'node:net';
import { Clock } from '@app/common/clock';
import { CommandBus } from '@nestjs/cqrs';
import { userStreamId } from '@app/domain';
import { digestToken } from '@app/common/token-issuer';
import type { EventStore } from '@app/event-store';
import { commandContext } from '@app/event-store/command/command-context';
import { ChangeDirectoryCommand } from '../../directory/sync-directory/change-directory.command';
import { RunnersProjection } from '@app/projections';
import { EVENT_STORE } from '../../kernel/tokens';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { openSse, type ServerSentEvent, type SseConnection } from '../../../../../test/support/sse-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { RunnerChangeFeed } from './runner-change-feed';

/** GET /api/v4/runners/live: runner changes as server-sent events, through the real app on a real socket (docs/console-api.md). */

const LIVE = '/api/v4/runners/live';
const ROOT = patOf('root');
const START = Date.parse('2026-11-23T10:00:00.000Z');

describe('GET /api/v4/runners/live', () => {
  let app: TestApp;
  let base: string;
  let now = START;
  const streams: SseConnection[] = [];

  beforeAll(async () => {
    // The status monitor runs as in production (every 100 ms here), on a clock the test moves.
    app = await startTestApp({ RUNNER_ONLINE_TIMEOUT_SECONDS: '60', RUNNER_CONTACT_THROTTLE_SECONDS: '1', STATUS_MONITOR_INTERVAL_MS: '100' });
    jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    await app.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterEach(() => streams.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const open = async (headers: Record<string, string>) => {
    const stream = await openSse(`${base}${LIVE}`, headers);
    streams.push(stream);
    return stream;
  };
  const register = async (token = INSTANCE_REGISTRATION_TOKEN, description = 'live') => {
    const response = await app.request('POST', '/api/v4/runners', { payload: { token, description } });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };
  const detail = async (id: number, token = ROOT) => (await app.request('GET', `/api/v4/runners/${id}`, { token })).json();
  const forRunner = (id: number, event = 'runner') => (e: ServerSentEvent) => e.event === event && JSON.parse(e.data).id === id;

  describe('authentication, as the rest of the API', () => {
    it('401 without a token, with GitLab body', async () => {
      const response = await app.request('GET', LIVE);
      expect({ status: response.status, body: response.json() }).toEqual({ status: 401, body: { message: '401 Unauthorized' } });
    });

    it('never takes the token from the URL: private_token in the query string → 401', async () => {
      const response = await app.request('GET', `${LIVE}?private_token=${ROOT}`);
      expect(response.status).toBe(401);
    });

    it('a token without API scope → 403 insufficient_scope', async () => {
      const response = await app.request('GET', LIVE, { token: patOf('carol', 'read_user') });
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });

    it('PRIVATE-TOKEN and Authorization: Bearer both open the stream as text/event-stream', async () => {
      for (const headers of [{ 'private-token': ROOT }, { authorization: `Bearer ${ROOT}` }] as Record<string, string>[]) {
        const stream = await open(headers);
        expect(stream.status).toBe(200);
        expect(stream.headers.get('content-type')).toBe('text/event-stream');
        expect(stream.headers.get('cache-control')).toBe('no-cache');
      }
    });
  });

  it('sends a changed runner as GET /runners/:id shows it, with the log position as id', async () => {
    const stream = await open({ 'private-token': ROOT });
    const runner = await register();
    const event = await stream.next(forRunner(runner.id));
    expect(JSON.parse(event.data)).toEqual(await detail(runner.id));
    expect(event.id).toMatch(/^\d+$/);
    expect(stream.text()).not.toContain(runner.token);
    expect(stream.text()).not.toMatch(/digest/i);
  });

  it('a first heartbeat turns the runner online on the stream within 2 s', async () => {
    const runner = await register();
    const stream = await open({ 'private-token': ROOT });
    const sent = Date.now();
    expect((await app.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token } })).status).toBe(204);
    const event = await stream.next((e) => forRunner(runner.id)(e) && JSON.parse(e.data).status === 'online', 2000);
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(JSON.parse(event.data).online).toBe(true);
  });

  it('a routine contact of an online runner is not a change: nothing is sent for it', async () => {
    const runner = await register();
    const stream = await open({ 'private-token': ROOT });
    const poll = () => app.request('POST', '/api/v4/jobs/request', { payload: { token: runner.token, system_id: 's_routine' } });
    await poll();
    const online = await stream.next((e) => forRunner(runner.id)(e) && JSON.parse(e.data).status === 'online');
    now += 2000;
    await poll();
    const store = app.app.get<EventStore>(EVENT_STORE);
    const contactStreams = (await store.readAll({ after: Number(online.id) })).filter((e) => e.streamId.startsWith(`runner-contact-${runner.id}-`));
    expect(contactStreams.map((e) => e.type)).toEqual(['RunnerContacted']);
    await app.request('PUT', `/api/v4/runners/${runner.id}`, { token: ROOT, payload: { description: 'after the routine contact' } });
    await stream.next((e) => forRunner(runner.id)(e) && JSON.parse(e.data).description === 'after the routine contact');
    expect(stream.events.filter(forRunner(runner.id)).map((e) => JSON.parse(e.data).description)).toEqual(['live', 'after the routine contact']);
  });

  it('a status change the monitor records (offline) reaches the stream', async () => {
    const runner = await register();
    await app.request('POST', '/api/v4/runners/verify', { payload: { token: runner.token } });
    const stream = await open({ 'private-token': ROOT });
    now += 61_000;
    const event = await stream.next((e) => forRunner(runner.id)(e) && JSON.parse(e.data).status === 'offline');
    expect(JSON.parse(event.data).online).toBe(false);
  });

  it('coalesces a burst: 30 updates of one runner are a few messages, the last one current', async () => {
    const runner = await register();
    const stream = await open({ 'private-token': ROOT });
    for (let i = 1; i <= 30; i++) {
      expect((await app.request('PUT', `/api/v4/runners/${runner.id}`, { token: ROOT, payload: { description: `burst ${i}` } })).status).toBe(200);
    }
    await stream.next((e) => forRunner(runner.id)(e) && JSON.parse(e.data).description === 'burst 30');
    const messages = stream.events.filter(forRunner(runner.id));
    expect(messages.length).toBeLessThan(10);
  });

  it('only ever carries runners the user may read', async () => {
    const mallory = await open({ 'private-token': patOf('mallory') });
    const bob = await open({ 'private-token': patOf('bob') });
    // Project 3's root group refuses registration tokens: its Maintainer creates the runner.
    const created = await app.request('POST', '/api/v4/user/runners', { token: patOf('mallory'), payload: { runner_type: 'project_type', project_id: 3 } });
    expect(created.status).toBe(201);
    const ofProject3 = created.json<{ id: number }>();
    const ofProject1 = await register(projectRegistrationToken(1), 'bob only');
    await mallory.next(forRunner(ofProject3.id));
    await bob.next(forRunner(ofProject1.id));
    // Both batches are out: whatever was not sent by now is not going to be.
    app.app.get(RunnerChangeFeed).flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mallory.events.some(forRunner(ofProject1.id))).toBe(false);
    expect(bob.events.some(forRunner(ofProject3.id))).toBe(false);
    expect(JSON.parse(bob.events.find(forRunner(ofProject1.id))!.data)).toEqual(await detail(ofProject1.id, patOf('bob')));

    expect((await app.request('DELETE', `/api/v4/runners/${ofProject3.id}`, { token: ROOT })).status).toBe(204);
    const deleted = await mallory.next(forRunner(ofProject3.id, 'runner_deleted'));
    expect(JSON.parse(deleted.data)).toEqual({ id: ofProject3.id });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(bob.events.some(forRunner(ofProject3.id, 'runner_deleted'))).toBe(false);
  });

  it('a runner that moves out of the user\'s sight (unassigned from their project) is runner_deleted for them', async () => {
    const mallory = await open({ 'private-token': patOf('mallory') });
    const runner = await register(projectRegistrationToken(1), 'seen by mallory for a while');
    expect((await app.request('POST', '/api/v4/projects/3/runners', { token: ROOT, payload: { runner_id: runner.id } })).status).toBe(201);
    await mallory.next(forRunner(runner.id));
    expect((await app.request('DELETE', `/api/v4/projects/3/runners/${runner.id}`, { token: ROOT })).status).toBe(204);
    const gone = await mallory.next(forRunner(runner.id, 'runner_deleted'));
    expect(JSON.parse(gone.data)).toEqual({ id: runner.id });
    expect((await app.request('GET', `/api/v4/runners/${runner.id}`, { token: patOf('mallory') })).status).toBe(403);
  });

  it('a revoked token ends the stream at its next keep-alive', async () => {
    const token = patOf('dave');
    const stream = await open({ 'private-token': token });
    const revoke = { type: 'RevokePersonalAccessToken' as const, userId: 6, tokenDigest: digestToken(token) };
    await app.app.get(CommandBus).execute(new ChangeDirectoryCommand(userStreamId(6), revoke, commandContext({ type: 'system', name: 'test' }, new Date(now))));
    app.app.get(RunnerChangeFeed).sendKeepAlives();
    await stream.ended;
    expect(stream.comments).not.toContain('keep-alive');
    expect((await app.request('GET', LIVE, { token })).status).toBe(401);
  });

  describe('resuming from Last-Event-ID', () => {
    it('sends every runner changed since that id, each at its latest state, then goes on live', async () => {
      const stream = await open({ 'private-token': ROOT });
      const first = await register();
      const seen = await stream.next(forRunner(first.id));
      stream.close();
      // While disconnected: one new runner, one changed twice, one deleted.
      const second = await register();
      await app.request('PUT', `/api/v4/runners/${first.id}`, { token: ROOT, payload: { description: 'changed once' } });
      await app.request('PUT', `/api/v4/runners/${first.id}`, { token: ROOT, payload: { description: 'changed twice' } });
      const third = await register();
      await app.request('DELETE', `/api/v4/runners/${third.id}`, { token: ROOT });

      const resumed = await open({ 'private-token': ROOT, 'last-event-id': seen.id! });
      await resumed.next(forRunner(third.id, 'runner_deleted'));
      const replayed = resumed.events.filter((e) => e.event !== 'reset');
      const firstEvents = replayed.filter(forRunner(first.id));
      expect(firstEvents).toHaveLength(1);
      expect(JSON.parse(firstEvents[0].data).description).toBe('changed twice');
      expect(replayed.some(forRunner(second.id))).toBe(true);
      expect(replayed.some((e) => e.event === 'reset')).toBe(false);
      const ids = replayed.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(ids[0]).toBeGreaterThan(Number(seen.id));

      const fourth = await register();
      await resumed.next(forRunner(fourth.id));
    });

    it('an id it cannot resume from (not a position, ahead of the log) → reset', async () => {
      for (const id of ['abc', '-3', '999999999']) {
        const stream = await open({ 'private-token': ROOT, 'last-event-id': id });
        await stream.next((e) => e.event === 'reset');
      }
    });

    it('a swapped query-model generation resets every open stream', async () => {
      const stream = await open({ 'private-token': ROOT });
      // What a swap tells the runners' listeners (RunnersProjection.replaceWith): every view may have changed.
      app.app.get(RunnersProjection).afterHydrate();
      await stream.next((e) => e.event === 'reset');
    });
  });

  it('sends a keep-alive comment', async () => {
    const stream = await open({ 'private-token': ROOT });
    app.app.get(RunnerChangeFeed).sendKeepAlives();
    for (let i = 0; i < 50 && !stream.comments.includes('keep-alive'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.comments).toContain('keep-alive');
  });
});

describe('GET /api/v4/runners/live across a restart', () => {
  const listening = async (app: TestApp) => {
    await app.app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}${LIVE}`;
  };

  it('the graceful shutdown ends open streams at once, so an idle service still stops within 2 s; after the restart an id from before it → reset', async () => {
    const app = await startTestApp();
    const url = await listening(app);
    const streams = await Promise.all([1, 2, 3].map(() => openSse(url, { 'private-token': ROOT })));
    const runner = (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json<{ id: number }>();
    const seen = await streams[0].next((e) => e.event === 'runner' && JSON.parse(e.data).id === runner.id);
    // A client that gave up on its stream (undici then opens spare connections that never send a request).
    const abandoned = await openSse(url, { 'private-token': ROOT });
    abandoned.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await app.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    await Promise.all(streams.map((s) => s.ended));
    expect(streams[0].text()).toMatch(/\n\n$/);

    // The changes before the restart are not in the new process's memory: the client must reload.
    const restarted = await startTestApp({ DATA_DIR: app.config.dataDir });
    try {
      const stream = await openSse(await listening(restarted), { 'private-token': ROOT, 'last-event-id': String(Number(seen.id) - 1) });
      await stream.next((e) => e.event === 'reset');
      stream.close();
    } finally {
      await restarted.close();
    }
  });
});
