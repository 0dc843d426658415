import { runnerStreamId } from '@app/domain';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { commandContext } from '@app/event-store/command/command-context';
import { CommandBus } from '@nestjs/cqrs';
import { AssignRunnerToProjectCommand } from '../../projects/assign-runner/assign-runner.command';

/** PUT /api/v4/runners/:id — update (GitLab lib/api/ci/runners.rb, lib/api/helpers.rb). */

const RUNNERS = '/api/v4/runners';
const ROOT = patOf('root');
const EVE = patOf('eve');
const AT_LEAST_ONE =
  'description, active, paused, tag_list, run_untagged, locked, access_level, maximum_timeout, maintenance_note are missing, at least one parameter must be provided';

describe('PUT /api/v4/runners/:id', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const register = async (payload: Record<string, unknown> = {}) => {
    const response = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN, ...payload } });
    expect(response.status).toBe(201);
    return response.json<{ id: number; token: string }>().id;
  };
  const get = async (id: number) => {
    const response = await app.request('GET', `${RUNNERS}/${id}`, { token: ROOT });
    expect(response.status).toBe(200);
    return response.json();
  };
  const put = (id: number | string, payload: unknown, token: string | null = ROOT) => app.request('PUT', `${RUNNERS}/${id}`, { token: token ?? undefined, payload });
  /** A successful PUT answers the new state, and the very next GET shows the same (read-your-writes). */
  const putOk = async (id: number, payload: Record<string, unknown>) => {
    const response = await put(id, payload);
    expect(response.status).toBe(200);
    const body = response.json();
    expect(await get(id)).toEqual(body);
    return body;
  };
  /** A refused PUT changes nothing. */
  const expectRefused = async (id: number, payload: unknown, status: number, body: unknown, token: string | null = ROOT) => {
    const before = await get(id);
    const response = await put(id, payload, token);
    expect(response.status).toBe(status);
    expect(response.json()).toEqual(body);
    expect(await get(id)).toEqual(before);
  };

  it('updates the description: 200 RunnerDetails showing the change, and the next GET agrees', async () => {
    const id = await register({ description: 'old' });
    const body = await putOk(id, { description: 'new description' });
    expect(body).toMatchObject({ id, description: 'new description', active: true, paused: false });
    expect(Object.keys(body)).toEqual(Object.keys(await get(id)));
    expect(Object.keys(body)).toContain('maintenance_note');
  });

  it('active=false pauses, active=true resumes', async () => {
    const id = await register();
    expect(await putOk(id, { active: false })).toMatchObject({ active: false, paused: true });
    expect(await putOk(id, { active: true })).toMatchObject({ active: true, paused: false });
  });

  it('paused=true pauses, paused=false resumes', async () => {
    const id = await register();
    expect(await putOk(id, { paused: true })).toMatchObject({ active: false, paused: true });
    expect(await putOk(id, { paused: 'false' })).toMatchObject({ active: true, paused: false });
  });

  it('active and paused together → 400 mutually exclusive, nothing changes', async () => {
    const id = await register();
    await expectRefused(id, { active: false, paused: true, description: 'x' }, 400, { error: 'active, paused are mutually exclusive' });
  });

  it('no parameters → 400 at least one parameter', async () => {
    const id = await register();
    await expectRefused(id, {}, 400, { error: AT_LEAST_ONE });
  });

  it('only unknown parameters → 400 at least one parameter', async () => {
    const id = await register();
    await expectRefused(id, { foo: 'bar', token: 'x' }, 400, { error: AT_LEAST_ONE });
  });

  it('access_level=bogus → 400', async () => {
    const id = await register();
    await expectRefused(id, { access_level: 'bogus' }, 400, { error: 'access_level does not have a valid value' });
  });

  it('access_level=ref_protected and locked=true update', async () => {
    const id = await register();
    expect(await putOk(id, { access_level: 'ref_protected' })).toMatchObject({ access_level: 'ref_protected', locked: false });
    expect(await putOk(id, { locked: true })).toMatchObject({ access_level: 'ref_protected', locked: true });
  });

  it('maximum_timeout=300 → 400 {"message":{"maximum_timeout":[...]}} and nothing changes (not even the other params)', async () => {
    const id = await register({ description: 'unchanged' });
    await expectRefused(id, { maximum_timeout: 300, description: 'changed?' }, 400, { message: { maximum_timeout: ['needs to be at least 10 minutes'] } });
  });

  it('a description over 1024 characters → 400 {"message":{"description":[...]}}, nothing changes; exactly 1024 is accepted', async () => {
    const id = await register({ description: 'unchanged' });
    await expectRefused(id, { description: 'd'.repeat(1025), locked: true }, 400, { message: { description: ['is too long (maximum is 1024 characters)'] } });
    expect(await putOk(id, { description: 'd'.repeat(1024) })).toMatchObject({ description: 'd'.repeat(1024) });
  });

  it('maximum_timeout=1234 → 200', async () => {
    const id = await register();
    expect(await putOk(id, { maximum_timeout: 1234 })).toMatchObject({ maximum_timeout: 1234 });
  });

  it('maximum_timeout=null clears the timeout (a given nil is written)', async () => {
    const id = await register({ maximum_timeout: 3600 });
    expect(await putOk(id, { maximum_timeout: null })).toMatchObject({ maximum_timeout: null });
  });

  it('maintenance_note updates (shown to root)', async () => {
    const id = await register();
    expect(await putOk(id, { maintenance_note: 'on call: ops' })).toMatchObject({ maintenance_note: 'on call: ops' });
  });

  it('tag_list[] form arrays replace all tags', async () => {
    const id = await register({ tag_list: ['old1', 'old2'] });
    const response = await app.request('PUT', `${RUNNERS}/${id}`, {
      token: ROOT,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'tag_list%5B%5D=ruby2.1&tag_list%5B%5D=pgsql&tag_list%5B%5D=mysql',
    });
    expect(response.status).toBe(200);
    expect(response.json().tag_list).toEqual(['ruby2.1', 'pgsql', 'mysql']);
    expect((await get(id)).tag_list).toEqual(['ruby2.1', 'pgsql', 'mysql']);
  });

  it('tag_list as a comma string, then run_untagged=false with tags', async () => {
    const id = await register();
    expect(await putOk(id, { tag_list: 'a, b' })).toMatchObject({ tag_list: ['a', 'b'] });
    expect(await putOk(id, { run_untagged: false })).toMatchObject({ run_untagged: false, tag_list: ['a', 'b'] });
  });

  it('run_untagged=false with no tags → 400 tags_list message', async () => {
    const id = await register();
    await expectRefused(id, { run_untagged: false }, 400, { message: { tags_list: ['can not be empty when runner is not allowed to pick untagged jobs'] } });
  });

  it('removing all tags of a runner that cannot run untagged jobs → 400', async () => {
    const id = await register({ tag_list: 'x', run_untagged: false });
    await expectRefused(id, { tag_list: [] }, 400, { message: { tags_list: ['can not be empty when runner is not allowed to pick untagged jobs'] } });
  });

  it('51 tags → 400, 50 tags → 200', async () => {
    const id = await register();
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag-${i}`);
    await expectRefused(id, { tag_list: tags(51) }, 400, { message: { tags_list: ['Too many tags specified. Please limit the number of tags to 50'] } });
    expect((await putOk(id, { tag_list: tags(50) })).tag_list).toEqual(tags(50));
  });

  it('several attributes at once', async () => {
    const id = await register();
    const body = await putOk(id, {
      description: 'all',
      paused: true,
      tag_list: ['t'],
      run_untagged: false,
      locked: true,
      access_level: 'ref_protected',
      maximum_timeout: 3600,
      maintenance_note: 'n',
    });
    expect(body).toMatchObject({
      description: 'all',
      active: false,
      paused: true,
      tag_list: ['t'],
      run_untagged: false,
      locked: true,
      access_level: 'ref_protected',
      maximum_timeout: 3600,
      maintenance_note: 'n',
    });
  });

  it('only the given params are written', async () => {
    const id = await register({ description: 'keep', tag_list: 'keep-tag', maintenance_note: 'keep-note' });
    expect(await putOk(id, { locked: true })).toMatchObject({ description: 'keep', tag_list: ['keep-tag'], maintenance_note: 'keep-note', locked: true });
  });

  it('eve → 403 No access granted, nothing changes', async () => {
    const id = await register({ description: 'eve cannot' });
    await expectRefused(id, { description: 'hacked' }, 403, { message: '403 Forbidden - No access granted' }, EVE);
  });

  it('the auditor → 403 No access granted', async () => {
    const id = await register();
    await expectRefused(id, { description: 'audited' }, 403, { message: '403 Forbidden - No access granted' }, patOf('auditor'));
  });

  it('a manage_runner PAT of a non-admin (alice) on an instance runner → 403 No access granted', async () => {
    const id = await register();
    await expectRefused(id, { description: 'alice' }, 403, { message: '403 Forbidden - No access granted' }, patOf('alice', 'manage_runner'));
  });

  it('anonymous → 401 and nothing changes', async () => {
    const id = await register({ description: 'anon cannot' });
    await expectRefused(id, { description: 'hacked' }, 401, { message: '401 Unauthorized' }, null);
  });

  it('a read_api PAT → 403 insufficient_scope, nothing changes', async () => {
    const id = await register({ description: 'read only' });
    const before = await get(id);
    const response = await put(id, { description: 'hacked' }, patOf('bob', 'read_api'));
    expect(response.status).toBe(403);
    expect(response.json().error).toBe('insufficient_scope');
    expect(await get(id)).toEqual(before);
  });

  it('an unknown runner → 404, for root and for eve', async () => {
    for (const token of [ROOT, EVE]) {
      const response = await put(987654, { description: 'x' }, token);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ message: '404 Runner Not Found' });
    }
  });

  it('id=abc → 400 id is invalid', async () => {
    const response = await put('abc', { description: 'x' });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: 'id is invalid' });
  });

  it('params from the query string work too', async () => {
    const id = await register();
    const response = await app.request('PUT', `${RUNNERS}/${id}`, { token: ROOT, query: { description: 'via query', paused: 'true' } });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ description: 'via query', paused: true });
  });

  it('20 concurrent PUTs with different descriptions all succeed; the final description is one of them', async () => {
    const id = await register();
    const descriptions = Array.from({ length: 20 }, (_, i) => `concurrent-${i}`);
    const responses = await Promise.all(descriptions.map((description) => put(id, { description })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    responses.forEach((r, i) => expect(r.json().description).toBe(descriptions[i]));
    expect(descriptions).toContain((await get(id)).description);
  });

  describe('non-administrators', () => {
    const NO_ACCESS = { message: '403 Forbidden - No access granted' };
    const ALICE = patOf('alice');
    const BOB = patOf('bob');
    const registerWith = (registrationToken: string, payload: Record<string, unknown> = {}) => register({ ...payload, token: registrationToken });
    /** The caller's own answer: 200, the change applied, the note shown (they may update). */
    const putAs = async (id: number, token: string, payload: Record<string, unknown>) => {
      const response = await put(id, payload, token);
      expect(response.status).toBe(200);
      return response.json();
    };

    it('alice, Owner of group 9, updates its group runner: 200, note shown, group kept', async () => {
      const id = await registerWith(groupRegistrationToken(9), { maintenance_note: 'group note' });
      const body = await putAs(id, ALICE, { description: 'by alice', paused: true });
      expect(body).toMatchObject({ description: 'by alice', paused: true, maintenance_note: 'group note', groups: [{ id: 9 }] });
      expect(await get(id)).toMatchObject({ description: 'by alice', paused: true });
    });

    it('alice updates a runner of subgroup 10 (Owner of an ancestor) with her manage_runner PAT: 200', async () => {
      const id = await registerWith(groupRegistrationToken(10));
      expect(await putAs(id, patOf('alice', 'manage_runner'), { maintenance_note: 'rack 9' })).toMatchObject({ maintenance_note: 'rack 9', groups: [{ id: 10 }] });
    });

    it('bob, Maintainer of project 1, updates a project-1 runner: 200', async () => {
      const id = await registerWith(projectRegistrationToken(1));
      const body = await putAs(id, BOB, { tag_list: 'gpu', run_untagged: false, maintenance_note: 'bob was here' });
      expect(body).toMatchObject({ tag_list: ['gpu'], run_untagged: false, maintenance_note: 'bob was here', projects: [{ id: 1 }] });
    });

    it('bob on a group-9 runner (read only through project 1) → 403 No access granted, nothing changes', async () => {
      const id = await registerWith(groupRegistrationToken(9), { description: 'group' });
      expect((await app.request('GET', `${RUNNERS}/${id}`, { token: BOB })).status).toBe(200);
      await expectRefused(id, { description: 'by bob' }, 403, NO_ACCESS, BOB);
    });

    it.each([
      ['carol (Developer)', 'carol'],
      ['dave (Reporter)', 'dave'],
      ['eve (not a member)', 'eve'],
      ['mallory (Maintainer of another project)', 'mallory'],
    ])('%s on a project-1 runner and on a group-9 runner → 403 No access granted, nothing changes', async (_label, username) => {
      for (const registrationToken of [projectRegistrationToken(1), groupRegistrationToken(9)]) {
        const id = await registerWith(registrationToken, { description: 'untouched' });
        await expectRefused(id, { description: 'hacked', paused: true }, 403, NO_ACCESS, patOf(username));
      }
    });

    it('a runner on projects 1 and 3 may be updated by a Maintainer of either project (mallory: project 3)', async () => {
      const id = await registerWith(projectRegistrationToken(1));
      const now = new Date();
      const assigned = await app.app
        .get(CommandBus).execute(new AssignRunnerToProjectCommand(id, 3, { type: 'user', id: 1 }));
      expect(assigned.ok).toBe(true);
      const body = await putAs(id, patOf('mallory'), { description: 'by mallory' });
      expect(body).toMatchObject({ description: 'by mallory', projects: [{ id: 3 }] });
      await expectRefused(id, { description: 'by carol' }, 403, NO_ACCESS, patOf('carol'));
    });
  });
});
