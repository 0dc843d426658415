import { patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** GET /api/v4/users/:id (GitLab lib/api/users.rb, lib/api/entities/user.rb, UserPolicy). */

const USERS = '/api/v4/users';

/** Entities::User's fields in GitLab's order (UserSafe, UserBasic, User). */
const USER_FIELDS = [
  'id', 'username', 'name', 'state', 'locked', 'avatar_url', 'web_url',
  'created_at', 'bio', 'location', 'public_email', 'skype', 'linkedin', 'twitter', 'discord', 'website_url', 'organization',
  'job_title', 'pronouns', 'bot', 'work_information', 'followers', 'following', 'is_followed', 'local_time',
];

describe('GET /api/v4/users/:id', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (id: string | number, token?: string) => app.request('GET', `${USERS}/${id}`, { token });

  it('anyone signed in reads another user as Entities::User: no email, no admin flag', async () => {
    const response = await get(1, patOf('eve'));
    expect(response.status).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual(USER_FIELDS);
    expect(body).toMatchObject({ id: 1, username: 'root', name: 'Administrator', state: 'active', created_at: '2025-01-15T09:30:00.000Z', web_url: `${app.config.externalUrl}/root` });
    expect(body.email).toBeUndefined();
    expect(body.is_admin).toBeUndefined();
  });

  it('administrators and auditors (can_read_all_resources) get the admin entity, email and is_admin included', async () => {
    for (const reader of ['root', 'auditor']) {
      const body = (await get(1, patOf(reader))).json();
      expect(body).toMatchObject({ id: 1, email: 'admin@example.com', is_admin: true });
    }
    expect((await get(7, patOf('root'))).json()).toMatchObject({ id: 7, username: 'eve', is_admin: false });
  });

  it('read_user and read_api tokens may read users', async () => {
    expect((await get(3, patOf('carol', 'read_user'))).status).toBe(200);
    expect((await get(3, patOf('bob', 'read_api'))).status).toBe(200);
  });

  it('an unknown user is 404 {"message":"404 User Not Found"}', async () => {
    const response = await get(999, patOf('eve'));
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({ message: '404 User Not Found' });
  });

  it('without a token: 403 {"message":"403 Forbidden - Not authorized!"}; with a bad one: 401', async () => {
    const anonymous = await get(1);
    expect(anonymous.status).toBe(403);
    expect(anonymous.json()).toEqual({ message: '403 Forbidden - Not authorized!' });
    const bad = await get(1, 'glpat-not-a-token-00000000');
    expect(bad.status).toBe(401);
    expect(bad.json()).toEqual({ message: '401 Unauthorized' });
  });

  it('an id that is not digits matches no route: the catch-all 404', async () => {
    for (const id of ['abc', '-1', '1.5', 'root']) {
      const response = await get(id, patOf('eve'));
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ error: '404 Not Found' });
    }
  });
});
