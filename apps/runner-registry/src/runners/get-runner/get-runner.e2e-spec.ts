import { runnerStreamId } from '@app/domain';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { commandContext } from '@app/event-store/command/command-context';
import { CommandBus } from '@nestjs/cqrs';
import { AssignRunnerToProjectCommand } from '../../projects/assign-runner/assign-runner.command';

/** GET /api/v4/runners/:id — RunnerDetails (GitLab lib/api/ci/runners.rb, lib/api/entities/ci/runner_details.rb, lib/api/helpers.rb). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const AUDITOR = patOf('auditor');
const EVE = patOf('eve');
/** Not in the shared fixture: added to this spec's copy of it. */
const ALICE_CREATE_RUNNER = 'glpat-alice-create-runner-3';

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
    app = await startTestApp({}, {
      editSeed: (s) => {
        s.users.find((u: { username: string }) => u.username === 'alice').personal_access_tokens.push({ token: ALICE_CREATE_RUNNER, scopes: ['create_runner'] });
      },
    });
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

    it('a create_runner PAT → 403 insufficient_scope', async () => {
      const response = await get(instance.id, ALICE_CREATE_RUNNER);
      expect(response.status).toBe(403);
      expect(response.json().error).toBe('insufficient_scope');
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

  describe('non-administrators: projects and groups filtered, maintenance note only for those who may update', () => {
    const NO_ACCESS = { message: '403 Forbidden - No access granted' };
    const ALICE = patOf('alice');
    const BOB = patOf('bob');
    let noted: { id: number };
    let subgroup: { id: number };
    let twoProjects: { id: number };
    const ids = (items: { id: number }[]) => items.map((item) => item.id);
    const read = async (id: number, token: string) => {
      const response = await get(id, token);
      expect(response.status).toBe(200);
      const body = response.json();
      expect(Object.keys(body)).toEqual(DETAILS_KEYS);
      return body;
    };

    beforeAll(async () => {
      noted = await register({ token: projectRegistrationToken(1), description: 'noted', maintenance_note: 'project note' });
      subgroup = await register({ token: groupRegistrationToken(10), maintenance_note: 'subgroup note' });
      twoProjects = await register({ token: projectRegistrationToken(1), maintenance_note: 'shared by two' });
      // Until the assign endpoint lands: the runner also runs for mallory's project 3.
      const now = new Date();
      const assigned = await app.app
        .get(CommandBus).execute(new AssignRunnerToProjectCommand(twoProjects.id, 3, { type: 'user', id: 1 }));
      expect(assigned.ok).toBe(true);
    });

    it('alice, Owner of group 9, on its group runner: 200 with the group and the note', async () => {
      const body = await read(group.id, ALICE);
      expect(body).toMatchObject({ id: group.id, maintenance_note: 'group note', projects: [] });
      expect(ids(body.groups)).toEqual([9]);
    });

    it('alice with her manage_runner PAT: the same', async () => {
      const body = await read(group.id, patOf('alice', 'manage_runner'));
      expect(body).toMatchObject({ maintenance_note: 'group note', groups: [{ id: 9 }] });
    });

    it('alice on a runner of subgroup 10 (Owner through group 9): 200 with the group and the note', async () => {
      const body = await read(subgroup.id, ALICE);
      expect(body).toMatchObject({ maintenance_note: 'subgroup note', projects: [] });
      expect(ids(body.groups)).toEqual([10]);
    });

    it('alice on a project-1 runner (Maintainer+ through group 9): 200 with the project and the note', async () => {
      const body = await read(noted.id, ALICE);
      expect(body).toMatchObject({ maintenance_note: 'project note', groups: [] });
      expect(ids(body.projects)).toEqual([1]);
    });

    it('bob, Maintainer of project 1, on a project-1 runner: 200 with the project and the note', async () => {
      const body = await read(noted.id, BOB);
      expect(body).toMatchObject({ id: noted.id, description: 'noted', maintenance_note: 'project note', groups: [] });
      expect(ids(body.projects)).toEqual([1]);
    });

    it('bob with his read_api PAT: the note too (it depends on his role, not on the token scope)', async () => {
      expect((await read(noted.id, patOf('bob', 'read_api'))).maintenance_note).toBe('project note');
    });

    it('bob on a group-9 runner: read only (through project 1), so no note; he sees the group of his project', async () => {
      const body = await read(group.id, BOB);
      expect(body).toMatchObject({ id: group.id, maintenance_note: null, projects: [] });
      expect(ids(body.groups)).toEqual([9]);
    });

    it('bob on a runner of subgroup 10 (through project 2): read only, group 10 shown', async () => {
      const body = await read(subgroup.id, BOB);
      expect(body).toMatchObject({ maintenance_note: null });
      expect(ids(body.groups)).toEqual([10]);
    });

    it.each([
      ['carol (Developer)', 'carol'],
      ['dave (Reporter)', 'dave'],
      ['eve (not a member)', 'eve'],
      ['mallory (Maintainer of another project)', 'mallory'],
    ])('%s on a project-1 runner and on a group-9 runner → 403 No access granted', async (_label, username) => {
      for (const id of [noted.id, group.id]) {
        const response = await get(id, patOf(username));
        expect(response.status).toBe(403);
        expect(response.json()).toEqual(NO_ACCESS);
      }
    });

    describe('a runner on projects 1 and 3', () => {
      it('root sees both projects and the note', async () => {
        const body = await read(twoProjects.id, ROOT);
        expect(ids(body.projects)).toEqual([1, 3]);
        expect(body.maintenance_note).toBe('shared by two');
      });

      it('the auditor sees both projects, not the note', async () => {
        const body = await read(twoProjects.id, AUDITOR);
        expect(ids(body.projects)).toEqual([1, 3]);
        expect(body.maintenance_note).toBeNull();
      });

      it('bob and alice see project 1 only, and the note (they maintain its owner project)', async () => {
        for (const token of [BOB, ALICE]) {
          const body = await read(twoProjects.id, token);
          expect(ids(body.projects)).toEqual([1]);
          expect(body.maintenance_note).toBe('shared by two');
        }
      });

      it('mallory sees project 3 only, and the note (a runner on several projects is updatable by their maintainers)', async () => {
        const body = await read(twoProjects.id, patOf('mallory'));
        expect(ids(body.projects)).toEqual([3]);
        expect(body.maintenance_note).toBe('shared by two');
      });

      it('carol (Developer of project 1) → 403 No access granted', async () => {
        const response = await get(twoProjects.id, patOf('carol'));
        expect(response.status).toBe(403);
        expect(response.json()).toEqual(NO_ACCESS);
      });
    });
  });
});
