import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** A system_id is client input that becomes a record key: names of Object.prototype members must stay ordinary. */
describe('system ids named like Object.prototype members', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('%s works like any other manager', async (systemId) => {
    const runner = (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json();
    expect((await app.request('DELETE', '/api/v4/runners/managers', { payload: { token: runner.token, system_id: systemId } })).status).toBe(404);
    for (const path of ['/api/v4/jobs/request', '/api/v4/runners/verify']) {
      const response = await app.request('POST', path, { payload: { token: runner.token, system_id: systemId, info: { version: '17.0.0' } } });
      expect(response.status).toBeLessThan(300);
    }
    const managers = await app.request('GET', `/api/v4/runners/${runner.id}/managers`, { token: patOf('root') });
    expect(managers.status).toBe(200);
    expect(managers.json().map((m: { system_id: string; version: string }) => [m.system_id, m.version])).toEqual([[systemId, '17.0.0']]);
    expect((await app.request('DELETE', '/api/v4/runners/managers', { payload: { token: runner.token, system_id: systemId } })).status).toBe(204);
    expect((await app.request('GET', `/api/v4/runners/${runner.id}/managers`, { token: patOf('root') })).json()).toEqual([]);
    expect(({} as Record<string, unknown>).version).toBeUndefined();
  });
});
