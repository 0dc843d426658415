import { patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/** /api/v3 is gone (410) and unknown /api/v4 routes are GitLab's catch-all 404 (GitLab lib/api/api.rb). */

const V3_GONE = { error: 'API V3 is no longer supported. Use API V4 instead.' };
const NOT_FOUND = { error: '404 Not Found' };

describe('legacy /api/v3 and unknown routes', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['GET', '/api/v3/anything'],
    ['POST', '/api/v3/anything'],
    ['DELETE', '/api/v3/anything'],
    ['PUT', '/api/v3/runners/1'],
    ['GET', '/api/v3/runners'],
    ['POST', '/api/v3/runners/register'],
    ['GET', '/api/v3/projects/1/runners?per_page=2'],
    ['GET', '/api/v3'],
  ])('%s %s → 410', async (method, url) => {
    const response = await app.request(method, url, { token: patOf('root') });
    expect(response.status).toBe(410);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual(V3_GONE);
  });

  it('v3 is gone even for anonymous callers and with a JSON body', async () => {
    const response = await app.request('POST', '/api/v3/runners', { payload: { token: 'x' } });
    expect(response.status).toBe(410);
    expect(response.json()).toEqual(V3_GONE);
  });

  it.each([
    ['GET', '/api/v4/nope'],
    ['GET', '/api/v4/runners/1/unknown-action'],
    ['POST', '/api/v4/unknown'],
    ['DELETE', '/api/v4/whatever/else'],
    ['GET', '/api/v4/runners/1/jobs/extra/segments'],
    ['PUT', '/api/v4/nothing-here'],
  ])('%s %s → 404 {"error":"404 Not Found"}', async (method, url) => {
    const response = await app.request(method, url, { token: patOf('root') });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual(NOT_FOUND);
  });

  it('unknown routes are 404 for anonymous callers too', async () => {
    const response = await app.request('GET', '/api/v4/does-not-exist');
    expect(response.status).toBe(404);
    expect(response.json()).toEqual(NOT_FOUND);
  });
});
