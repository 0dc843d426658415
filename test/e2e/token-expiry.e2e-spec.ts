import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INSTANCE_REGISTRATION_TOKEN, groupRegistrationToken, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400;

/**
 * token_expires_at is computed once, when a token is created or reset, from the shortest
 * interval that applies (GitLab app/models/ci/runner.rb): the instance's, the group tree's, the project's.
 */
describe('runner token expiry from the directory’s intervals', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, {
      editSeed: (seed) => {
        seed.settings.runner_token_expiration_interval = 30 * DAY;
        seed.settings.project_runner_token_expiration_interval = 20 * DAY;
        const group9 = seed.groups.find((g: { id: number }) => g.id === 9);
        group9.runner_token_expiration_interval = 5 * DAY;
        group9.subgroup_runner_token_expiration_interval = 3 * DAY;
        group9.project_runner_token_expiration_interval = 10 * DAY;
      },
    });
  });
  afterAll(() => app.close());

  const expectExpiryIn = (expiresAt: string, days: number, before: number) => {
    const expected = before + days * DAY * 1000;
    expect(Date.parse(expiresAt)).toBeGreaterThanOrEqual(expected);
    expect(Date.parse(expiresAt)).toBeLessThan(expected + 5000);
    expect(expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  };

  it('uses the instance interval for instance runners', async () => {
    const before = Date.now();
    const res = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    expectExpiryIn(res.json().token_expires_at, 30, before);
  });

  it('uses the group’s own interval for its runners, and the parent’s subgroup interval below it', async () => {
    const before = Date.now();
    expectExpiryIn((await app.request('POST', '/api/v4/runners', { payload: { token: groupRegistrationToken(9) } })).json().token_expires_at, 5, before);
    expectExpiryIn((await app.request('POST', '/api/v4/runners', { payload: { token: groupRegistrationToken(10) } })).json().token_expires_at, 3, before);
  });

  it('uses the shortest of the project, group-tree and instance project intervals', async () => {
    const before = Date.now();
    const res = await app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1) } });
    expectExpiryIn(res.json().token_expires_at, 10, before);
  });

  it('computes a fresh expiry from the settings in force when a token is reset', async () => {
    const created = (await app.request('POST', '/api/v4/runners', { payload: { token: groupRegistrationToken(9) } })).json();
    const before = Date.now();
    const reset = await app.request('POST', `/api/v4/runners/${created.id}/reset_authentication_token`, { token: patOf('alice') });
    expect(reset.status).toBe(201);
    expectExpiryIn(reset.json().token_expires_at, 5, before);
  });
});
