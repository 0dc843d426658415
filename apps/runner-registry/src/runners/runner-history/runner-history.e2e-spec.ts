import { createHash } from 'node:crypto';
import { EVENT_SCHEMA_VERSIONS, runnerStreamId, type DomainEventType } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { EVENT_STORE } from '../../kernel/tokens';

/** GET /api/v4/runners/:id/history — a runner's audit log, readable by whoever may read the runner. */
const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const AUDITOR = patOf('auditor');
const BOB = patOf('bob'); // user 4, Maintainer of project 1
const EVE = patOf('eve');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ENTRY_KEYS = ['position', 'revision', 'event_type', 'occurred_at', 'actor', 'schema_version', 'correlation_id', 'changes'];
/** Not in the shared fixture: added to this spec's copy of it. */
const ALICE_CREATE_RUNNER = 'glpat-alice-history-create-runner';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('GET /api/v4/runners/:id/history', () => {
  let app: TestApp;
  let project: { id: number; token: string };
  let instance: { id: number };
  let resetToken: string;

  const history = (id: number | string, token?: string, query?: Record<string, string>) =>
    app.request('GET', `${RUNNERS}/${id}/history`, { token, query });

  const register = async (payload: Record<string, unknown>) => {
    const response = await app.request('POST', RUNNERS, { payload });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };

  beforeAll(async () => {
    app = await startTestApp({}, {
      editSeed: (seed) => {
        seed.users.find((u: { username: string }) => u.username === 'alice').personal_access_tokens.push({ token: ALICE_CREATE_RUNNER, scopes: ['create_runner'] });
      },
    });
    project = await register({ token: projectRegistrationToken(1), description: 'history one', tag_list: 'linux' });
    instance = await register({ token: INSTANCE_REGISTRATION_TOKEN, description: 'shared' });
    expect((await app.request('PUT', `${RUNNERS}/${project.id}`, { token: BOB, payload: { description: 'renamed', maximum_timeout: 3600 } })).status).toBe(200);
    expect((await app.request('PUT', `${RUNNERS}/${project.id}`, { token: BOB, payload: { paused: true } })).status).toBe(200);
    const reset = await app.request('POST', `${RUNNERS}/${project.id}/reset_authentication_token`, { token: BOB });
    expect(reset.status).toBe(201);
    resetToken = reset.json().token;
  });

  afterAll(async () => {
    await app.close();
  });

  it('the owner (Maintainer of the project) reads the history, oldest first, with actor, time, type and changed fields', async () => {
    const response = await history(project.id, BOB);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const entries = response.json<any[]>();
    expect(entries.map((e) => e.event_type)).toEqual(['RunnerRegistered', 'RunnerDetailsChanged', 'RunnerPaused', 'RunnerAuthenticationTokenReset']);
    for (const entry of entries) {
      expect(Object.keys(entry)).toEqual(ENTRY_KEYS);
      expect(entry.occurred_at).toMatch(ISO);
      expect(entry.correlation_id).toMatch(UUID);
      expect(entry.schema_version).toBe(EVENT_SCHEMA_VERSIONS[entry.event_type as DomainEventType]);
    }
    expect(entries.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    const positions = entries.map((e) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const [registered, changed, paused, reset] = entries;
    expect(registered.actor).toEqual({ type: 'runner', id: project.id });
    expect(registered.changes).toEqual({
      runner_type: 'project_type',
      registration_type: 'registration_token',
      group_id: null,
      owner_project_id: 1,
      project_ids: [1],
      name: null,
      paused: false,
      description: 'history one',
      locked: false,
      run_untagged: true,
      access_level: 'not_protected',
      maximum_timeout: null,
      maintenance_note: null,
      tag_list: ['linux'],
      creation_state: 'finished',
      creator_id: null,
      token_expires_at: null,
      created_at: registered.occurred_at,
    });
    expect(changed).toEqual({
      position: changed.position,
      revision: 1,
      event_type: 'RunnerDetailsChanged',
      occurred_at: changed.occurred_at,
      actor: { type: 'user', id: 4 },
      schema_version: 1,
      correlation_id: changed.correlation_id,
      changes: { changes: { description: 'renamed', maximum_timeout: 3600 }, changed_at: changed.occurred_at },
    });
    expect(paused).toMatchObject({ actor: { type: 'user', id: 4 }, changes: { paused_at: paused.occurred_at } });
    expect(reset).toMatchObject({ actor: { type: 'user', id: 4 }, changes: { token_expires_at: null, reset_at: reset.occurred_at } });
    // The digest is gone; its expiry, which is no secret, stays.
    expect(Object.keys(reset.changes)).toEqual(['token_expires_at', 'reset_at']);
  });

  it('never shows a token or a digest: neither plaintext nor SHA-256 digest appears in the body', async () => {
    const stored = await app.app.get<symbol, EventStore>(EVENT_STORE).readStream(runnerStreamId(project.id));
    const digests = stored.flatMap((event) => {
      const data = event.data as { tokenDigest?: string };
      return data.tokenDigest ? [data.tokenDigest] : [];
    });
    // The registration and the reset each stored one digest; the test would prove nothing without them.
    expect(digests).toEqual([sha256(project.token), sha256(resetToken)]);

    const body = (await history(project.id, ROOT)).body;
    for (const secret of [project.token, resetToken, ...digests]) expect(body).not.toContain(secret);
    // No key of the response ending in token or digest holds anything that could be one (values
    // may mention a token: registration_type "registration_token"; token_expires_at is a time).
    const secretLike: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) {
          if (/(token|digest)s?$/i.test(key) && inner !== null && typeof inner !== 'boolean' && typeof inner !== 'number') secretLike.push(key);
          walk(inner);
        }
    };
    walk(JSON.parse(body));
    expect(secretLike).toEqual([]);
    expect(body).toContain('"token_expires_at"');
  });

  it('GitLab pagination: per_page=2 pages through it with X-* headers and Link', async () => {
    const first = await history(project.id, BOB, { per_page: '2' });
    expect(first.status).toBe(200);
    expect(first.json().map((e: { revision: number }) => e.revision)).toEqual([0, 1]);
    expect(first.headers).toMatchObject({
      'x-per-page': '2',
      'x-page': '1',
      'x-next-page': '2',
      'x-prev-page': '',
      'x-total': '4',
      'x-total-pages': '2',
    });
    const base = `${app.config.externalUrl}${RUNNERS}/${project.id}/history`;
    expect(first.headers.link).toBe(
      `<${base}?id=${project.id}&page=2&per_page=2>; rel="next", <${base}?id=${project.id}&page=1&per_page=2>; rel="first", <${base}?id=${project.id}&page=2&per_page=2>; rel="last"`,
    );

    const second = await history(project.id, BOB, { per_page: '2', page: '2' });
    expect(second.json().map((e: { revision: number }) => e.revision)).toEqual([2, 3]);
    expect(second.headers).toMatchObject({ 'x-page': '2', 'x-next-page': '', 'x-prev-page': '1', 'x-total': '4' });

    const past = await history(project.id, BOB, { per_page: '2', page: '3' });
    expect(past.status).toBe(200);
    expect(past.json()).toEqual([]);
  });

  it('per_page=0 → 400, as on every paginated GitLab endpoint', async () => {
    const response = await history(project.id, BOB, { per_page: '0' });
    expect(response.status).toBe(400);
  });

  it('anonymous → 401', async () => {
    const response = await history(project.id);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: '401 Unauthorized' });
  });

  it('an unknown PAT → 401', async () => {
    expect((await history(project.id, 'glpat-does-not-exist')).status).toBe(401);
  });

  it('a non-integer id → 400 {"error":"id is invalid"}', async () => {
    const response = await history('abc', ROOT);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'id is invalid' });
  });

  it('an unknown runner → 404 {"message":"404 Runner Not Found"}', async () => {
    for (const token of [ROOT, EVE]) {
      const response = await history(999999, token);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Runner Not Found' });
    }
  });

  it('eve is refused a project runner: 403 No access granted', async () => {
    const response = await history(project.id, EVE);
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
  });

  it.each([
    ['carol (Developer of project 1)', 'carol'],
    ['mallory (Maintainer of another project)', 'mallory'],
  ])('%s is refused too', async (_label, username) => {
    expect((await history(project.id, patOf(username))).status).toBe(403);
  });

  it('the auditor and root read any runner; eve reads an instance runner (she may read it)', async () => {
    expect((await history(project.id, AUDITOR)).status).toBe(200);
    expect((await history(project.id, ROOT)).json()).toHaveLength(4);
    const shared = await history(instance.id, EVE);
    expect(shared.status).toBe(200);
    expect(shared.json().map((e: { event_type: string }) => e.event_type)).toEqual(['RunnerRegistered']);
  });

  it('the PAT scopes of GET /runners/:id: read_api and manage_runner read, create_runner → 403 insufficient_scope', async () => {
    expect((await history(project.id, patOf('bob', 'read_api'))).status).toBe(200);
    expect((await history(instance.id, patOf('alice', 'manage_runner'))).status).toBe(200);
    const refused = await history(instance.id, ALICE_CREATE_RUNNER);
    expect(refused.status).toBe(403);
    expect(refused.json().error).toBe('insufficient_scope');
  });

  it('a deleted runner → 404 like the other runner endpoints (its events stay in the log)', async () => {
    const doomed = await register({ token: projectRegistrationToken(1), description: 'doomed' });
    expect((await history(doomed.id, BOB)).status).toBe(200);
    expect((await app.request('DELETE', `${RUNNERS}/${doomed.id}`, { token: BOB })).status).toBe(204);
    const response = await history(doomed.id, BOB);
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({ message: '404 Runner Not Found' });
    expect((await app.app.get<symbol, EventStore>(EVENT_STORE).readStream(runnerStreamId(doomed.id))).map((e) => e.type)).toEqual([
      'RunnerRegistered',
      'RunnerDeleted',
    ]);
  });
});
