import { patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** GET /api/v4/personal_access_tokens/self (GitLab lib/api/personal_access_tokens/self_information.rb, Entities::PersonalAccessToken). */

const SELF = '/api/v4/personal_access_tokens/self';
const FIELDS = ['id', 'name', 'revoked', 'created_at', 'description', 'scopes', 'user_id', 'last_used_at', 'active', 'expires_at'];

describe('GET /api/v4/personal_access_tokens/self', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (token?: string) => app.request('GET', SELF, { token });

  it("the token the request came with, as the directory knows it: id, name, scopes, creation, expiry as a date", async () => {
    const response = await get(patOf('root'));
    expect(response.status).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual(FIELDS);
    expect(body).toEqual({
      id: 1,
      name: 'root-automation',
      revoked: false,
      created_at: '2025-01-15T09:31:00.000Z',
      description: null,
      scopes: ['api'],
      user_id: 1,
      last_used_at: null,
      active: true,
      expires_at: null,
    });
    const limited = (await get(patOf('carol', 'read_user'))).json();
    expect(limited).toMatchObject({ name: 'profile-reader', scopes: ['read_user'], user_id: 5, expires_at: '2099-12-31' });
  });

  it('a token whose source gave no id or name gets a stable id and the default name; two tokens, two ids', async () => {
    const first = (await get(patOf('bob'))).json();
    const again = (await get(patOf('bob'))).json();
    const second = (await get(patOf('bob', 'read_api'))).json();
    expect(first.name).toBe('personal-access-token');
    expect(Number.isSafeInteger(first.id) && first.id > 0).toBe(true);
    expect(again.id).toBe(first.id);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ scopes: ['read_api'], user_id: 4 });
  });

  it('every scope may read its own token, manage_runner included', async () => {
    expect((await get(patOf('alice', 'manage_runner'))).json()).toMatchObject({ scopes: ['manage_runner'], user_id: 3 });
  });

  it('never shows the token itself or its digest', async () => {
    const body = (await get(patOf('root'))).body;
    expect(body).not.toContain(patOf('root'));
    expect(body).not.toMatch(/[0-9a-f]{64}/);
  });

  it('no token or a bad one is 401', async () => {
    for (const response of [await get(), await get('glpat-not-a-token-00000000')]) {
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: '401 Unauthorized' });
    }
  });
});
