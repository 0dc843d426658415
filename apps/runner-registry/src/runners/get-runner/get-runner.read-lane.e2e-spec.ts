import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { readLaneOf, type ReadLane } from '@app/http';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

/**
 * GET /api/v4/runners/:id over a real connection, where the read lane answers it (inject() goes
 * around the lane, through Fastify's pipeline): every caller gets what the pipeline gives.
 */
const RUNNERS = '/api/v4/runners';
const TOKENS = ['root', 'auditor', 'eve', 'alice'].map((user) => patOf(user));

/** Listens on a free port; the app's lane and its base URL. */
async function listening(app: TestApp): Promise<{ lane: ReadLane; base: string }> {
  await app.app.listen(0, '127.0.0.1');
  const lane = readLaneOf(app.app.getHttpAdapter().getInstance() as unknown as FastifyInstance)!;
  return { lane, base: `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}` };
}

describe('GET /api/v4/runners/:id through the read lane', () => {
  let app: TestApp;
  let base: string;
  let lane: ReadLane;
  let answeredByLane: jest.SpyInstance;
  const ids: number[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    for (const token of [INSTANCE_REGISTRATION_TOKEN, groupRegistrationToken(9), projectRegistrationToken(1)]) {
      const response = await app.request('POST', RUNNERS, { payload: { token, description: 'lane', maintenance_note: 'note', tag_list: 'linux' } });
      ids.push(response.json<{ id: number }>().id);
    }
    ({ lane, base } = await listening(app));
    answeredByLane = jest.spyOn(lane, 'answer');
  });
  afterAll(() => app.close());
  beforeEach(() => answeredByLane.mockClear());

  const overLane = async (path: string, token?: string) => {
    const response = await fetch(base + path, { headers: token ? { 'private-token': token } : {} });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
  };
  const throughPipeline = async (path: string, token?: string) => {
    const response = await app.request('GET', path, { token });
    return { status: response.status, contentType: response.headers['content-type'], body: response.json() };
  };

  it('answers each caller as the pipeline does, for every kind of runner', async () => {
    for (const token of TOKENS) {
      for (const id of ids) {
        const path = `${RUNNERS}/${id}`;
        expect({ token, ...(await overLane(path, token)) }).toEqual({ token, ...(await throughPipeline(path, token)) });
      }
    }
    // The admin, at least, is answered by the lane itself.
    expect(answeredByLane.mock.results.some((result) => result.value === true)).toBe(true);
  });

  it('leaves refusals to the pipeline, which renders them as before', async () => {
    for (const [path, token] of [
      [`${RUNNERS}/${ids[0]}`, undefined],
      [`${RUNNERS}/${ids[0]}`, 'glpat-does-not-exist'],
      [`${RUNNERS}/999999`, patOf('root')],
      [`${RUNNERS}/${ids[2]}`, patOf('eve')],
    ] as const) {
      expect(await overLane(path, token)).toEqual(await throughPipeline(path, token));
    }
    expect(answeredByLane.mock.results.every((result) => result.value === false)).toBe(true);
  });

  it('counts its answers in the request metrics', async () => {
    const count = async () => {
      const metrics = await app.request('GET', '/metrics');
      const line = metrics.body.split('\n').find((l) => l.startsWith('runner_registry_http_request_duration_seconds_count{') && l.includes('route="/api/v4/runners/:id"') && l.includes('status="200"'));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await count();
    for (let i = 0; i < 3; i++) await overLane(`${RUNNERS}/${ids[0]}`, patOf('root'));
    expect(await count()).toBe(before + 3);
  });
});

describe('the read lane with READ_CONSISTENCY=replicas', () => {
  it('is closed: every read first waits for the barrier in the pipeline', async () => {
    const app = await startTestApp({ READ_CONSISTENCY: 'replicas' });
    try {
      const registered = await app.request('POST', RUNNERS, { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
      const { lane, base } = await listening(app);
      const take = jest.spyOn(lane, 'take');
      const answer = jest.spyOn(lane, 'answer');
      const response = await fetch(`${base}${RUNNERS}/${registered.json<{ id: number }>().id}`, { headers: { 'private-token': patOf('root') } });
      expect(response.status).toBe(200);
      expect(take.mock.results.map((result) => result.value)).toEqual([false]);
      expect(answer).not.toHaveBeenCalled();
    } finally {
      await app.close();
    }
  });
});

describe('the read lane when the server closes', () => {
  it('closes first, so that what still comes gets Fastify’s 503', async () => {
    const app = await startTestApp();
    const { lane } = await listening(app);
    const close = jest.spyOn(lane, 'close');
    await app.close();
    expect(close).toHaveBeenCalled();
  });
});
