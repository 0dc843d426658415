import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** GET /api/v4/runners/:id — RunnerDetails (spec §7.4, §2.2, §1.1). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const AUDITOR = patOf('auditor');
const EVE = patOf('eve');

const DETAILS_KEYS = [
  'id',
  'description',
  'ip_address',
  'active',
  'paused',
  'is_shared',
  'runner_type',
  'name',
  'online',
  'status',
  'tag_list',
  'run_untagged',
  'locked',
  'maximum_timeout',
  'access_level',
  'version',
  'revision',
  'platform',
  'architecture',
  'contacted_at',
  'maintenance_note',
  'projects',
  'groups',
];

describe('GET /api/v4/runners/:id', () => {
  let app: TestApp;
  let instance: { id: number; token: string };
  let group: { id: number; token: string };
  let project: { id: number; token: string };

  const register = async (payload: Record<string, unknown>) => {
    const response = await app.request('POST', RUNNERS, { payload });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>();
  };

  beforeAll(async () => {
    app = await startTestApp();
    instance = await register({
      token: INSTANCE_REGISTRATION_TOKEN,
      description: 'shared one',
      maintenance_note: 'secret note',
      tag_list: 'linux, docker',
      info: { name: 'gitlab-runner-1' },
    });
    group = await register({ token: groupRegistrationToken(9), description: 'group one', maintenance_note: 'group note' });
    project = await register({ token: projectRegistrationToken(1), description: 'project one' });
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (id: number | string, token?: string, query?: Record<string, string>) => app.request('GET', `${RUNNERS}/${id}`, { token, query });

  it('anonymous → 401 {"message":"401 Unauthorized"}', async () => {
    const response = await get(instance.id);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: '401 Unauthorized' });
  });

  it('an unknown PAT → 401', async () => {
    const response = await get(instance.id, 'glpat-does-not-exist');
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: '401 Unauthorized' });
  });

  it('a non-integer id → 400 {"error":"id is invalid"}', async () => {
    const response = await get('abc', ROOT);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'id is invalid' });
  });

  it('authentication comes before param validation: anonymous with id abc → 401', async () => {
    const response = await get('abc');
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: '401 Unauthorized' });
  });

  it('an unknown runner → 404 {"message":"404 Runner Not Found"}', async () => {
    for (const token of [ROOT, EVE]) {
      const response = await get(999999, token);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Runner Not Found' });
    }
  });

  it('root sees the full RunnerDetails, keys in GitLab order', async () => {
    const response = await get(instance.id, ROOT);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json();
    expect(Object.keys(body)).toEqual(DETAILS_KEYS);
    expect(body).toEqual({
      id: instance.id,
      description: 'shared one',
      ip_address: null,
      active: true,
      paused: false,
      is_shared: true,
      runner_type: 'instance_type',
      name: 'gitlab-runner-1',
      online: null,
      status: 'never_contacted',
      tag_list: ['linux', 'docker'],
      run_untagged: true,
      locked: false,
      maximum_timeout: null,
      access_level: 'not_protected',
      version: null,
      revision: null,
      platform: null,
      architecture: null,
      contacted_at: null,
      maintenance_note: 'secret note',
      projects: [],
      groups: [],
    });
  });

  it('include_projects=false omits the projects key (and keeps the rest in order)', async () => {
    const response = await get(project.id, ROOT, { include_projects: 'false' });
    expect(response.status).toBe(200);
    expect(Object.keys(response.json())).toEqual(DETAILS_KEYS.filter((k) => k !== 'projects'));
  });

  it('include_projects=true (the default) keeps it', async () => {
    const response = await get(project.id, ROOT, { include_projects: 'true' });
    expect(Object.keys(response.json())).toEqual(DETAILS_KEYS);
  });

  it('include_projects=bogus → 400 {"error":"include_projects is invalid"}', async () => {
    const response = await get(project.id, ROOT, { include_projects: 'bogus' });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'include_projects is invalid' });
  });

  it('a project runner shows its project to root', async () => {
    const body = (await get(project.id, ROOT)).json();
    expect(body).toMatchObject({ runner_type: 'project_type', is_shared: false, groups: [] });
    expect(body.projects).toHaveLength(1);
    expect(body.projects[0]).toMatchObject({
      id: 1,
      name: 'GitLab Community Edition',
      path: 'gitlab-foss',
      path_with_namespace: 'gitlab-org/gitlab-foss',
      name_with_namespace: 'GitLab.org / GitLab Community Edition',
    });
  });

  it('a group runner shows its group as {id, web_url, name}', async () => {
    const body = (await get(group.id, ROOT)).json();
    expect(body).toMatchObject({ runner_type: 'group_type', is_shared: false, projects: [] });
    expect(body.groups).toHaveLength(1);
    expect(Object.keys(body.groups[0])).toEqual(['id', 'web_url', 'name']);
    expect(body.groups[0]).toMatchObject({ id: 9, name: 'GitLab.org' });
    expect(body.groups[0].web_url).toMatch(/\/groups\/gitlab-org$/);
  });

  it('eve (any signed-in user) reads an instance runner, but without the maintenance note', async () => {
    const response = await get(instance.id, EVE);
    expect(response.status).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual(DETAILS_KEYS);
    expect(body).toMatchObject({ id: instance.id, description: 'shared one', maintenance_note: null, projects: [], groups: [] });
  });

  it.each([
    ['group', () => group.id],
    ['project', () => project.id],
  ])('eve cannot read a %s runner: 403 No access granted', async (_label, id) => {
    const response = await get(id(), EVE);
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: '403 Forbidden - No access granted' });
  });

  it('the auditor reads every runner (200), without the maintenance note (cannot update)', async () => {
    for (const runner of [instance, group, project]) {
      const response = await get(runner.id, AUDITOR);
      expect(response.status).toBe(200);
      expect(response.json().id).toBe(runner.id);
    }
    expect((await get(group.id, AUDITOR)).json()).toMatchObject({ maintenance_note: null, groups: [{ id: 9 }] });
  });

  it('root sees the maintenance note of a group runner', async () => {
    expect((await get(group.id, ROOT)).json().maintenance_note).toBe('group note');
  });

  describe('credentials', () => {
    it('PRIVATE-TOKEN header', async () => {
      const response = await app.request('GET', `${RUNNERS}/${instance.id}`, { headers: { 'PRIVATE-TOKEN': EVE } });
      expect(response.status).toBe(200);
    });

    it('Authorization: Bearer', async () => {
      const response = await app.request('GET', `${RUNNERS}/${instance.id}`, { headers: { authorization: `Bearer ${ROOT}` } });
      expect(response.status).toBe(200);
      expect(response.json().maintenance_note).toBe('secret note');
    });

    it('private_token query param', async () => {
      const response = await get(instance.id, undefined, { private_token: ROOT });
      expect(response.status).toBe(200);
      expect(response.json().maintenance_note).toBe('secret note');
    });

    it('access_token query param', async () => {
      const response = await get(instance.id, undefined, { access_token: EVE });
      expect(response.status).toBe(200);
    });

    it('an invalid Bearer token → 401', async () => {
      const response = await app.request('GET', `${RUNNERS}/${instance.id}`, { headers: { authorization: 'Bearer nope' } });
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    });

    it('a manage_runner PAT (alice) reads an instance runner', async () => {
      const response = await get(instance.id, patOf('alice', 'manage_runner'));
      expect(response.status).toBe(200);
      expect(response.json().id).toBe(instance.id);
    });

    it('a read_api PAT (bob) reads an instance runner', async () => {
      const response = await get(instance.id, patOf('bob', 'read_api'));
      expect(response.status).toBe(200);
      expect(response.json().id).toBe(instance.id);
    });
  });

  it('status changes after contact: online, with contacted_at', async () => {
    expect((await app.request('POST', `${RUNNERS}/verify`, { payload: { token: instance.token } })).status).toBe(200);
    const body = (await get(instance.id, EVE)).json();
    expect(body).toMatchObject({ status: 'online', online: true });
    expect(body.contacted_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
