import { jobStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../../test/support/fixture-directory';
import { withToken } from '../../../../../test/support/seed-file';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { EVENT_STORE } from '../../kernel/tokens';
import { JOB_EVENTS, jobEvent, recordJobs } from '../../../../../test/support/job-events';

/**
 * POST /api/v4/internal/job_events — how the CI side reports jobs without Kafka (the contract is
 * in libs/domain/src/job/job.events.ts). What it stores is read back through GET /runners/:id/jobs.
 */

const ROOT = patOf('root');
const ROOT_READ_API = 'glpat-root-read-api-for-jobs';

describe('POST /api/v4/internal/job_events', () => {
  let app: TestApp;
  let runnerId: number;
  let store: EventStore;

  beforeAll(async () => {
    app = await startTestApp({}, { editSeed: (s) => withToken(s, 'root', ROOT_READ_API, ['read_api']) });
    store = app.app.get(EVENT_STORE);
    const registered = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    runnerId = registered.json().id;
  });
  afterAll(async () => {
    await app.close();
  });

  /** token null: anonymous. */
  const post = (payload: unknown, token: string | null = ROOT) => app.request('POST', JOB_EVENTS, { token: token ?? undefined, payload });
  const listed = async () =>
    (await app.request('GET', `/api/v4/runners/${runnerId}/jobs`, { token: ROOT, query: { per_page: '100' } })).json<{ id: number; status: string }[]>();
  const streamLength = async (jobId: number) => (await store.readStream(jobStreamId(jobId))).length;

  describe('access', () => {
    it('anonymous → 401', async () => {
      const response = await post(jobEvent(1, runnerId), null);
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    });

    it.each(['bob', 'auditor'])('%s (not an administrator) → 403, nothing stored', async (username) => {
      const response = await post(jobEvent(1, runnerId), patOf(username));
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden' });
      expect(await streamLength(1)).toBe(0);
    });

    it("an administrator's read_api token cannot write → 403 insufficient_scope", async () => {
      const response = await post(jobEvent(1, runnerId), ROOT_READ_API);
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
    });
  });

  describe('recording', () => {
    it('one event → 201 {"recorded":1,"unchanged":0}, one JobRecorded on job-<id>, listed at once', async () => {
      const response = await post(jobEvent(10, runnerId, { status: 'running', finished_at: null }));
      expect(response.status).toBe(201);
      expect(response.json()).toEqual({ recorded: 1, unchanged: 0 });
      const events = await store.readStream(jobStreamId(10));
      expect(events.map((e) => [e.type, e.metadata.schemaVersion])).toEqual([['JobRecorded', 1]]);
      expect(events[0].metadata.actor).toEqual({ type: 'user', id: 1 });
      expect(await listed()).toMatchObject([{ id: 10, status: 'running' }]);
    });

    it('redelivering the same event changes nothing: unchanged 1, no new stream event', async () => {
      // Keys in another order, as a transport may re-serialise them.
      const again = Object.fromEntries(Object.entries(jobEvent(10, runnerId, { status: 'running', finished_at: null })).reverse());
      expect(await recordJobs(app, again)).toEqual({ recorded: 0, unchanged: 1 });
      expect(await streamLength(10)).toBe(1);
    });

    it('a changed snapshot replaces the job (an upsert by id)', async () => {
      expect(await recordJobs(app, jobEvent(10, runnerId))).toEqual({ recorded: 1, unchanged: 0 });
      expect(await streamLength(10)).toBe(2);
      expect(await listed()).toMatchObject([{ id: 10, status: 'success' }]);
    });

    it('an array: new, changed and redelivered events counted apart; one job twice is applied in order', async () => {
      const result = await recordJobs(app, [
        jobEvent(11, runnerId),
        jobEvent(10, runnerId),
        jobEvent(12, runnerId, { status: 'pending' }),
        jobEvent(12, runnerId, { status: 'running' }),
      ]);
      expect(result).toEqual({ recorded: 3, unchanged: 1 });
      expect((await listed()).map((j) => [j.id, j.status])).toEqual([[10, 'success'], [11, 'success'], [12, 'running']]);
    });

    it('the largest batch, 1,000 events, is recorded in one request', async () => {
      const batch = Array.from({ length: 1000 }, (_, i) => jobEvent(5000 + i, runnerId));
      expect(await recordJobs(app, batch)).toEqual({ recorded: 1000, unchanged: 0 });
      const response = await app.request('GET', `/api/v4/runners/${runnerId}/jobs`, { token: ROOT, query: { per_page: '1' } });
      expect(response.headers['x-total']).toBe('1003');
    });

    it('times are normalised to UTC with milliseconds, so another notation of the same instant is a redelivery', async () => {
      expect(await recordJobs(app, jobEvent(13, runnerId, { created_at: '2026-11-23T11:00:00+01:00' }))).toEqual({ recorded: 1, unchanged: 0 });
      expect(await recordJobs(app, jobEvent(13, runnerId, { created_at: '2026-11-23T10:00:00Z' }))).toEqual({ recorded: 0, unchanged: 1 });
      expect((await listed()).find((j) => j.id === 13)).toMatchObject({ created_at: '2026-11-23T10:00:00.000Z' });
    });

    it('a job no runner has picked yet is stored but listed under no runner', async () => {
      expect(await recordJobs(app, jobEvent(14, null, { status: 'pending' }))).toEqual({ recorded: 1, unchanged: 0 });
      expect(await streamLength(14)).toBe(1);
      expect((await listed()).map((j) => j.id)).not.toContain(14);
    });
  });

  describe('refusals store nothing', () => {
    const refused = async (payload: unknown, body: unknown, ...untouched: number[]) => {
      const response = await post(payload);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual(body);
      for (const id of untouched) expect(await streamLength(id)).toBe(0);
    };

    it('missing or mistyped fields → 400 {"error": Grape messages}', async () => {
      const { id: _id, status: _status, ...rest } = jobEvent(20, runnerId);
      await refused(rest, { error: 'id is missing, status is missing' }, 20);
      await refused(jobEvent(20, runnerId, { runner_id: 'x', coverage: 'lots', started_at: 'yesterday', user: 'root' }), {
        error: 'coverage is invalid, started_at is invalid, user is invalid, runner_id is invalid',
      }, 20);
      await refused(undefined, { error: 'id is missing, status is missing, project_id is missing' });
    });

    it('values the domain refuses → 400 {"message": {attribute: [...]}}', async () => {
      await refused(jobEvent(20, runnerId, { status: 'done' }), { message: { status: ['is not included in the list'] } }, 20);
      await refused(jobEvent(-4, runnerId), { message: { id: ['must be greater than 0'] } });
    });

    it('one malformed event in an array → 400 naming it, and none of the array is stored', async () => {
      const { project_id: _p, ...noProject } = jobEvent(22, runnerId);
      await refused([jobEvent(21, runnerId), noProject, 'oops'], { error: 'job_events[1][project_id] is missing, job_events[2] is invalid' }, 21, 22);
      await refused([jobEvent(21, runnerId), jobEvent(22, runnerId, { status: 'finished' })], { message: { 'job_events[1][status]': ['is not included in the list'] } }, 21, 22);
    });

    it('an empty array or more than 1,000 events → 400', async () => {
      const message = { error: 'job_events is expected to have length within 1 and 1000' };
      await refused([], message);
      await refused(Array.from({ length: 1001 }, (_, i) => ({ id: 1000 + i, status: 'success', project_id: 1 })), message, 1000);
    });
  });

  it('jobs survive a restart: documents reload from the query-model store and the runner index is rebuilt', async () => {
    const before = await listed();
    await app.stop();
    app = await startTestApp({ DATA_DIR: app.config.dataDir }, { editSeed: (s) => withToken(s, 'root', ROOT_READ_API, ['read_api']) });
    store = app.app.get(EVENT_STORE);
    expect(await listed()).toEqual(before);
    expect(await recordJobs(app, jobEvent(10, runnerId))).toEqual({ recorded: 0, unchanged: 1 });
  });
});
