import { patOf } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { GITLAB_REVISION, GITLAB_VERSION } from '@app/api/gitlab-version';

/** GET /api/v4/metadata and /api/v4/version (GitLab lib/api/metadata.rb, Entities::Metadata). */

describe('GET /api/v4/metadata and /api/v4/version', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(['/api/v4/metadata', '/api/v4/version'])('%s: the GitLab release this registry follows, in GitLab\'s shape', async (path) => {
    const response = await app.request('GET', path, { token: patOf('eve') });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual({
      version: GITLAB_VERSION,
      revision: GITLAB_REVISION,
      kas: { enabled: false, externalUrl: null, externalK8sProxyUrl: null, version: null },
      enterprise: false,
    });
    expect(GITLAB_VERSION).toMatch(/^18\.\d+\.\d+$/);
  });

  it.each(['/api/v4/metadata', '/api/v4/version'])('%s: read_user and read_api tokens suffice; none is 401', async (path) => {
    expect((await app.request('GET', path, { token: patOf('carol', 'read_user') })).status).toBe(200);
    expect((await app.request('GET', path, { token: patOf('bob', 'read_api') })).status).toBe(200);
    const anonymous = await app.request('GET', path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toEqual({ message: '401 Unauthorized' });
  });
});
