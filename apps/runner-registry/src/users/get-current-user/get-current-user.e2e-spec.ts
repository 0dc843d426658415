import { patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** GET /api/v4/user (GitLab lib/api/users.rb, lib/api/entities/user_public.rb, user_with_admin.rb). */

const USER = '/api/v4/user';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Entities::UserPublic's fields in GitLab's order (UserSafe, UserBasic, User, UserPublic). */
const USER_PUBLIC_FIELDS = [
  'id', 'username', 'name', 'state', 'locked', 'avatar_url', 'web_url',
  'created_at', 'bio', 'location', 'public_email', 'skype', 'linkedin', 'twitter', 'discord', 'website_url', 'organization',
  'job_title', 'pronouns', 'bot', 'work_information', 'followers', 'following', 'is_followed', 'local_time',
  'last_sign_in_at', 'confirmed_at', 'last_activity_on', 'email', 'theme_id', 'color_scheme_id', 'projects_limit',
  'current_sign_in_at', 'identities', 'can_create_group', 'can_create_project', 'two_factor_enabled', 'external',
  'private_profile', 'commit_email', 'preferred_language',
];

describe('GET /api/v4/user', () => {
  let app: TestApp;
  let startedAt: number;

  beforeAll(async () => {
    startedAt = Date.now();
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (token?: string, headers?: Record<string, string>) => app.request('GET', USER, { token, headers });

  it('an administrator gets Entities::UserWithAdmin with what the directory knows: email, created_at, is_admin', async () => {
    const response = await get(patOf('root'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json();
    expect(Object.keys(body)).toEqual([...USER_PUBLIC_FIELDS, 'is_admin', 'note', 'is_auditor']);
    expect(body).toMatchObject({
      id: 1,
      username: 'root',
      name: 'Administrator',
      state: 'active',
      locked: false,
      web_url: `${app.config.externalUrl}/root`,
      created_at: '2025-01-15T09:30:00.000Z',
      email: 'admin@example.com',
      commit_email: 'admin@example.com',
      bot: false,
      identities: [],
      is_admin: true,
      is_auditor: false,
    });
  });

  it('anyone else gets Entities::UserPublic: no is_admin; created_at defaults to when the directory learned of the user', async () => {
    const response = await get(patOf('eve'));
    expect(response.status).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual(USER_PUBLIC_FIELDS);
    expect(body).toMatchObject({ id: 7, username: 'eve', name: 'Eve Outsider', email: null, web_url: `${app.config.externalUrl}/eve` });
    expect(body.created_at).toMatch(ISO);
    expect(Date.parse(body.created_at)).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(Date.parse(body.created_at)).toBeLessThanOrEqual(Date.now());
  });

  it('an auditor is not an administrator here', async () => {
    const body = (await get(patOf('auditor'))).json();
    expect(body.is_admin).toBeUndefined();
    expect(body.username).toBe('auditor');
  });

  it('works with the Bearer header, and with read_user and read_api tokens as in GitLab', async () => {
    expect((await get(undefined, { authorization: `Bearer ${patOf('bob')}` })).json().username).toBe('bob');
    expect((await get(patOf('carol', 'read_user'))).json().username).toBe('carol');
    expect((await get(patOf('bob', 'read_api'))).json().username).toBe('bob');
  });

  it('a token for runners only (manage_runner) is 403 insufficient_scope', async () => {
    const response = await get(patOf('alice', 'manage_runner'));
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ error: 'insufficient_scope' });
  });

  it('no token or a bad one is 401 {"message":"401 Unauthorized"}', async () => {
    for (const response of [await get(), await get('glpat-not-a-token-00000000'), await get(undefined, { authorization: 'Bearer nope' })]) {
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    }
  });

  it('never shows a token or a digest', async () => {
    const body = (await get(patOf('root'))).body;
    expect(body).not.toContain('glpat-');
    expect(body).not.toMatch(/[0-9a-f]{64}/);
  });
});
