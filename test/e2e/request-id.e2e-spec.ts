/**
 * X-Request-Id, as GitLab returns it: honoured when acceptable, generated otherwise, always returned,
 * and the correlation id of the events the request causes (shown as correlation_id in the audit history).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';

const ROOT = patOf('root');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('X-Request-Id', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  const history = async (runnerId: number) =>
    (await app.request('GET', `/api/v4/runners/${runnerId}/history`, { token: ROOT })).json() as { event_type: string; correlation_id: string }[];

  it('is generated when absent, returned, and the correlation id of the events the request caused', async () => {
    const registered = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    const requestId = registered.headers['x-request-id'] as string;
    expect(requestId).toMatch(UUID);
    const [registration] = await history(registered.json().id);
    expect(registration).toMatchObject({ event_type: 'RunnerRegistered', correlation_id: requestId });
  });

  it("is the caller's when acceptable, through Nest controllers and the agent's poll alike", async () => {
    const registered = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    const { id, token } = registered.json();
    const update = await app.request('PUT', `/api/v4/runners/${id}`, { token: ROOT, headers: { 'x-request-id': '01HZX3JQ8W-upstream.42' }, payload: { paused: true } });
    expect(update.status).toBe(200);
    expect(update.headers['x-request-id']).toBe('01HZX3JQ8W-upstream.42');
    // The first poll is stored (first contact): it is served by Fastify directly, outside Nest.
    const poll = await app.request('POST', '/api/v4/jobs/request', { headers: { 'x-request-id': 'poll-7' }, payload: { token, system_id: 's_request_id' } });
    expect(poll.status).toBe(204);
    expect(poll.headers['x-request-id']).toBe('poll-7');
    const entries = await history(id);
    expect(entries.find((e) => e.event_type === 'RunnerPaused')?.correlation_id).toBe('01HZX3JQ8W-upstream.42');
    const contact = entries.filter((e) => e.correlation_id === 'poll-7');
    expect(contact.length).toBeGreaterThan(0);
  });

  it("is the correlation id of every write's events, each passed from its route to its command", async () => {
    const registered = await app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1) } });
    const { id, token } = registered.json();
    const otherProject = 2;
    const sent: [method: string, url: string, options: Parameters<TestApp['request']>[2], eventType: string][] = [
      ['POST', '/api/v4/runners/verify', { payload: { token, system_id: 's_verify' } }, 'RunnerManagerRegistered'],
      ['POST', `/api/v4/projects/${otherProject}/runners`, { token: ROOT, payload: { runner_id: id } }, 'RunnerAssignedToProject'],
      ['DELETE', `/api/v4/projects/${otherProject}/runners/${id}`, { token: ROOT }, 'RunnerUnassignedFromProject'],
      ['POST', `/api/v4/runners/${id}/reset_authentication_token`, { token: ROOT }, 'RunnerAuthenticationTokenReset'],
    ];
    for (const [index, [method, url, options, eventType]] of sent.entries()) {
      const requestId = `write-${index}`;
      const response = await app.request(method, url, { ...options, headers: { ...options?.headers, 'x-request-id': requestId } });
      expect({ url, status: response.status < 300 }).toEqual({ url, status: true });
      const entries = await history(id);
      expect({ url, entry: entries.find((e) => e.correlation_id === requestId)?.event_type }).toEqual({ url, entry: eventType });
    }
  });

  it('is replaced by a fresh one when it is not acceptable (spaces, controls, too long)', async () => {
    for (const given of ['has space', 'x'.repeat(129), 'quote"d']) {
      const response = await app.request('GET', '/api/v4/runners/all', { token: ROOT, headers: { 'x-request-id': given } });
      expect(response.headers['x-request-id']).toMatch(UUID);
    }
  });
});
