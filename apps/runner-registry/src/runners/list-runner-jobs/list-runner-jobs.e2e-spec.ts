import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { jobEvent, recordJobs } from '../../../../../test/support/job-events';

/** GET /api/v4/runners/:id/jobs — a runner's jobs (GitLab lib/api/ci/runners.rb, lib/api/entities/ci/job_basic_with_project.rb, lib/gitlab/pagination/offset_pagination.rb, spec/requests/api/ci/runners_spec.rb), fed by POST /internal/job_events. */

const EXTERNAL_URL = 'https://gitlab.example.com';
const ROOT = patOf('root');
const JOB_KEYS = ['id', 'status', 'stage', 'name', 'ref', 'tag', 'coverage', 'allow_failure', 'created_at', 'started_at', 'finished_at', 'erased_at', 'duration', 'queued_duration', 'user', 'commit', 'pipeline', 'web_url', 'project'];

describe('GET /api/v4/runners/:id/jobs', () => {
  let app: TestApp;
  /** instance runner; project 1 runner; project 1 runner also assigned to project 2; one for keyset walks. */
  let shared: number;
  let projR: number;
  let twoR: number;
  let many: number;

  const register = async (token: string) => {
    const response = await app.request('POST', '/api/v4/runners', { payload: { token } });
    expect(response.status).toBe(201);
    return response.json<{ id: number }>().id;
  };

  beforeAll(async () => {
    app = await startTestApp({ EXTERNAL_URL }, {
      // eve: Guest of project 1 and Maintainer of project 2; the fixture has no such user.
      editSeed: (s) => {
        s.projects.find((p: { id: number }) => p.id === 1).members.push({ user_id: 7, access_level: 10 });
        s.projects.find((p: { id: number }) => p.id === 2).members.push({ user_id: 7, access_level: 40 });
      },
    });
    shared = await register(INSTANCE_REGISTRATION_TOKEN);
    projR = await register(projectRegistrationToken(1));
    twoR = await register(projectRegistrationToken(1));
    many = await register(INSTANCE_REGISTRATION_TOKEN);
    expect((await app.request('POST', '/api/v4/projects/2/runners', { token: ROOT, payload: { runner_id: twoR } })).status).toBe(201);

    await recordJobs(app, [
      // Out of id order on purpose: lists must still come out by id.
      jobEvent(105, shared, { project_id: 4 }),
      jobEvent(101, shared),
      jobEvent(103, shared, { project_id: 2, status: 'failed', failure_reason: 'script_failure' }),
      jobEvent(201, projR, { system_id: 's_aaa' }),
      jobEvent(202, projR, { system_id: 's_aaa', status: 'failed', failure_reason: 'script_failure' }),
      jobEvent(203, projR, { system_id: 's_bbb', status: 'running', finished_at: null }),
      jobEvent(204, projR, { status: 'canceled', failure_reason: 'hidden unless failed' }),
      jobEvent(301, twoR),
      jobEvent(302, twoR, { project_id: 2 }),
      jobEvent(303, twoR),
      jobEvent(304, twoR, { project_id: 2 }),
      jobEvent(999, null, { status: 'pending' }),
      ...Array.from({ length: 7 }, (_, i) => jobEvent(401 + i, many, { status: i % 2 === 0 ? 'success' : 'failed' })),
    ]);
  });
  afterAll(async () => {
    await app.close();
  });

  const list = (runnerId: number, query: Record<string, string> = {}, token: string | null = ROOT) =>
    app.request('GET', `/api/v4/runners/${runnerId}/jobs`, { token: token ?? undefined, query });
  const ids = async (runnerId: number, query: Record<string, string> = {}, token: string | null = ROOT) => {
    const response = await list(runnerId, query, token);
    expect(response.status).toBe(200);
    return response.json<{ id: number }[]>().map((job) => job.id);
  };

  describe('listing', () => {
    it("admin, shared runner → only that runner's jobs, id ASC, with offset pagination headers", async () => {
      const response = await list(shared, { per_page: '2' });
      expect(response.status).toBe(200);
      expect(response.json().map((j: { id: number }) => j.id)).toEqual([101, 103]);
      expect(response.headers).toMatchObject({ 'x-total': '3', 'x-total-pages': '2', 'x-per-page': '2', 'x-page': '1', 'x-next-page': '2', 'x-prev-page': '' });
      const base = `${EXTERNAL_URL}/api/v4/runners/${shared}/jobs?id=${shared}`;
      expect(response.headers.link).toBe(
        `<${base}&page=2&per_page=2&sort=desc>; rel="next", <${base}&page=1&per_page=2&sort=desc>; rel="first", <${base}&page=2&per_page=2&sort=desc>; rel="last"`,
      );
    });

    it('renders JobBasicWithProject in GitLab order; failure_reason only for failed jobs; the project from the directory', async () => {
      const [job101, job103] = (await list(shared)).json();
      expect(Object.keys(job101)).toEqual(JOB_KEYS);
      expect(job101).toEqual({
        id: 101, status: 'success', stage: 'test', name: 'job-101', ref: 'main', tag: false, coverage: null, allow_failure: false,
        created_at: '2026-11-23T10:00:00.000Z', started_at: '2026-11-23T10:00:02.000Z', finished_at: '2026-11-23T10:01:00.000Z', erased_at: null,
        duration: 58.2, queued_duration: 2.1,
        user: { id: 1, username: 'root', name: 'Administrator' },
        commit: { id: 'a'.repeat(40), short_id: 'aaaaaaaa', title: 'Initial commit' },
        pipeline: { id: 1001, project_id: 1, sha: 'a'.repeat(40), ref: 'main', status: 'success' },
        web_url: 'https://gitlab.example.com/gitlab-org/gitlab-foss/-/jobs/101',
        project: {
          id: 1, description: null, name: 'GitLab Community Edition', name_with_namespace: 'GitLab.org / GitLab Community Edition', path: 'gitlab-foss', path_with_namespace: 'gitlab-org/gitlab-foss',
          created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        },
      });
      expect(Object.keys(job103)).toEqual([...JOB_KEYS.slice(0, -2), 'failure_reason', 'web_url', 'project']);
      expect(job103).toMatchObject({ failure_reason: 'script_failure', project: { id: 2, name_with_namespace: 'GitLab.org / CI / GitLab Runner', path_with_namespace: 'gitlab-org/ci/gitlab-runner' } });
      const canceled = (await list(projR, { status: 'canceled' })).json()[0];
      expect(canceled).not.toHaveProperty('failure_reason');
    });

    it("never null where GitLab never is: web_url derived from the external URL, the project's path and the job id when the event left it out; the project's created_at is when the directory learned of it", async () => {
      const runner = await register(INSTANCE_REGISTRATION_TOKEN);
      await recordJobs(app, [jobEvent(501, runner, { web_url: null, project_id: 2 }), jobEvent(502, runner, { web_url: null, project_id: 77 }), jobEvent(503, runner)]);
      const jobs = (await list(runner)).json();
      const known = jobs.find((j: { id: number }) => j.id === 501);
      expect(known.web_url).toBe(`${EXTERNAL_URL}/gitlab-org/ci/gitlab-runner/-/jobs/501`);
      expect(Date.parse(known.project.created_at)).toBeLessThanOrEqual(Date.now());
      // A project the directory does not know (yet) is addressed by its id.
      expect(jobs.find((j: { id: number }) => j.id === 502).web_url).toBe(`${EXTERNAL_URL}/projects/77/-/jobs/502`);
      // What the event gave is kept.
      expect(jobs.find((j: { id: number }) => j.id === 503).web_url).toBe('https://gitlab.example.com/gitlab-org/gitlab-foss/-/jobs/503');
    });

    it('status=failed → only the failed job', async () => {
      expect(await ids(projR, { status: 'failed' })).toEqual([202]);
    });

    it('order: none → id ASC (sort alone changes nothing); order_by=id → DESC; order_by=id&sort=asc → ASC', async () => {
      expect(await ids(projR)).toEqual([201, 202, 203, 204]);
      expect(await ids(projR, { sort: 'desc' })).toEqual([201, 202, 203, 204]);
      expect(await ids(projR, { order_by: 'id' })).toEqual([204, 203, 202, 201]);
      expect(await ids(projR, { order_by: 'id', sort: 'asc' })).toEqual([201, 202, 203, 204]);
      expect(await ids(projR, { order_by: 'id', per_page: '3', page: '2' })).toEqual([201]);
    });

    it.each([
      ['status', 'non-existing'],
      ['order_by', 'non-existing'],
      ['sort', 'non-existing'],
    ])('%s=%s → 400', async (param, value) => {
      const response = await list(projR, { [param]: value });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: `${param} does not have a valid value` });
    });
  });

  describe('who sees which jobs', () => {
    it("a Guest of project 1 and Maintainer of project 2 (eve) sees only project 2's jobs of a runner on both", async () => {
      expect(await ids(twoR, {}, patOf('eve'))).toEqual([302, 304]);
      expect((await list(twoR, {}, patOf('eve'))).headers['x-total']).toBe('2');
    });

    it('a Maintainer of both (bob), an administrator and an auditor see all of them', async () => {
      for (const user of ['bob', 'root', 'auditor']) expect(await ids(twoR, {}, patOf(user))).toEqual([301, 302, 303, 304]);
      // The auditor is a member of nothing: auditors read every project's jobs.
      expect(await ids(shared, {}, patOf('auditor'))).toEqual([101, 103, 105]);
    });

    it('the Owner of the owner project\'s group (alice) reads projR jobs, with a manage_runner token too', async () => {
      expect(await ids(projR, {}, patOf('alice'))).toEqual([201, 202, 203, 204]);
      expect(await ids(projR, {}, patOf('alice', 'manage_runner'))).toEqual([201, 202, 203, 204]);
      expect(await ids(projR, {}, patOf('bob', 'read_api'))).toEqual([201, 202, 203, 204]);
    });

    it.each([
      ['bob', 'shared'],
      ['eve', 'shared'],
      ['dave', 'projR'],
      ['carol', 'projR'],
    ])('%s on the %s runner → 403 No access granted', async (user, which) => {
      const response = await list(which === 'shared' ? shared : projR, {}, patOf(user));
      expect(response.status).toBe(403);
      expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
    });

    it('a runner that does not exist → 404, before any access check', async () => {
      for (const token of [ROOT, patOf('eve')]) {
        const response = await list(987654, {}, token);
        expect(response.status).toBe(404);
        expect(response.json()).toEqual({ message: '404 Runner Not Found' });
      }
    });

    it('anonymous → 401, even with bad params', async () => {
      const response = await list(projR, { status: 'bogus' }, null);
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    });
  });

  describe('system_id', () => {
    it("only that manager's jobs, without X-Total, X-Total-Pages or rel=\"last\"", async () => {
      const response = await list(projR, { system_id: 's_aaa', per_page: '1' });
      expect(response.json().map((j: { id: number }) => j.id)).toEqual([201]);
      expect(response.headers).not.toHaveProperty('x-total');
      expect(response.headers).not.toHaveProperty('x-total-pages');
      expect(response.headers).toMatchObject({ 'x-per-page': '1', 'x-page': '1', 'x-next-page': '2', 'x-prev-page': '' });
      expect(response.headers.link).toContain('rel="next"');
      expect(response.headers.link).not.toContain('rel="last"');
      expect(await ids(projR, { system_id: 's_aaa', status: 'failed' })).toEqual([202]);
      expect(await ids(projR, { system_id: 's_bbb' })).toEqual([203]);
    });

    it('an unknown system_id → 200 []', async () => {
      const response = await list(shared, { system_id: 's_unknown' });
      expect(response.status).toBe(200);
      expect(response.json()).toEqual([]);
      expect(response.headers).not.toHaveProperty('x-total');
    });
  });

  describe('keyset pagination', () => {
    /** Follows rel="next" links until there is none; returns the pages' ids. */
    const walk = async (runnerId: number, query: Record<string, string>) => {
      const pages: number[][] = [];
      let next: Record<string, string> | null = query;
      while (next) {
        const response = await list(runnerId, next);
        expect(response.status).toBe(200);
        expect(response.headers).toMatchObject({ 'x-per-page': query.per_page });
        expect(response.headers).not.toHaveProperty('x-total');
        pages.push(response.json().map((j: { id: number }) => j.id));
        const link = response.headers.link as string | undefined;
        next = link ? Object.fromEntries(new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]).searchParams) : null;
        if (next) expect(next).toMatchObject({ pagination: 'keyset', cursor: expect.any(String) });
      }
      return pages;
    };

    it('pages walk the whole list in id DESC, without gaps or repeats, and the last page has no next link', async () => {
      expect(await walk(many, { pagination: 'keyset', per_page: '3' })).toEqual([[407, 406, 405], [404, 403, 402], [401]]);
      expect(await walk(many, { pagination: 'keyset', order_by: 'id', sort: 'desc', per_page: '7' })).toEqual([[407, 406, 405, 404, 403, 402, 401]]);
    });

    it('filters apply to every page', async () => {
      expect(await walk(many, { pagination: 'keyset', status: 'success', per_page: '2' })).toEqual([[407, 405], [403, 401]]);
      expect(await walk(twoR, { pagination: 'keyset', per_page: '1' }).then((pages) => pages.flat())).toEqual([304, 303, 302, 301]);
    });

    it('the cursor is opaque base64url JSON of the last id served', async () => {
      const link = (await list(many, { pagination: 'keyset', per_page: '3' })).headers.link as string;
      const cursor = new URL(/^<([^>]+)>/.exec(link)![1]).searchParams.get('cursor')!;
      expect(JSON.parse(Buffer.from(cursor, 'base64url').toString())).toEqual({ id: '405', _kd: 'n' });
      expect(link.startsWith(`<${EXTERNAL_URL}/api/v4/runners/${many}/jobs?`)).toBe(true);
    });

    it('any ordering but id DESC → 405', async () => {
      for (const query of [{ order_by: 'id', sort: 'asc' }, { sort: 'asc' }] as Record<string, string>[]) {
        const response = await list(many, { pagination: 'keyset', ...query });
        expect(response.status).toBe(405);
        expect(response.json()).toEqual({ error: 'Keyset pagination is not yet available for this type of request' });
      }
    });

    it('a cursor this service did not make → 400; without pagination=keyset a cursor is ignored', async () => {
      const response = await list(many, { pagination: 'keyset', cursor: 'not-a-cursor' });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: 'cursor is invalid' });
      expect(await ids(many, { cursor: 'not-a-cursor', per_page: '2' })).toEqual([401, 402]);
    });
  });
});
