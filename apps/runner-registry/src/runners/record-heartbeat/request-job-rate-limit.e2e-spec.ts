import { INSTANCE_REGISTRATION_TOKEN } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Clock } from '@app/common/clock';

/**
 * GitLab's `runner_jobs_request_api` limit (GitLab lib/api/ci/runner.rb): requests per minute per sha256(token),
 * checked after parameter validation and before authentication, 429 with GitLab's message.
 */
const REQUEST = '/api/v4/jobs/request';
const TOO_MANY = { message: { error: 'This endpoint has been requested too many times. Try again later.' } };

describe('POST /api/v4/jobs/request rate limit', () => {
  let app: TestApp;
  let now: number;

  beforeAll(async () => {
    app = await startTestApp({ RUNNER_JOBS_REQUEST_API_LIMIT: '3' });
    now = Date.now();
    jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  const register = async () => (await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json<{ token: string }>().token;
  const poll = async (token: string) => {
    const response = await app.request('POST', REQUEST, { payload: { token } });
    return { status: response.status, body: response.body ? response.json() : undefined, retryAfter: response.headers['retry-after'] };
  };

  it('answers 429 once a token used up its minute, and 204 again in the next window', async () => {
    const token = await register();
    const other = await register();

    for (let i = 0; i < 3; i++) expect(await poll(token)).toMatchObject({ status: 204, retryAfter: undefined });
    // Retry-After: 60 as GitLab's check_rate_limit! sends it; the agent's retry requester waits on it.
    expect(await poll(token)).toEqual({ status: 429, body: TOO_MANY, retryAfter: '60' });
    expect((await poll(other)).status).toBe(204);

    now += 60_000;
    expect((await poll(token)).status).toBe(204);
  });

  it('counts unknown tokens too, before telling them 403', async () => {
    for (let i = 0; i < 3; i++) expect((await poll('glrt-not-a-runner')).status).toBe(403);
    expect(await poll('glrt-not-a-runner')).toEqual({ status: 429, body: TOO_MANY, retryAfter: '60' });
  });

  it('validates parameters first: a missing token is a 400 whatever the count', async () => {
    for (let i = 0; i < 5; i++) expect((await app.request('POST', REQUEST, { payload: {} })).status).toBe(400);
  });
});
