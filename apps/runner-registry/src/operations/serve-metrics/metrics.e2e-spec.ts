import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';

const ROOT = patOf('root');

/** The value of one sample line, e.g. `name{a="1",b="2"}`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.lastIndexOf('}')).split(',');
    if (wanted.every((pair) => inside.includes(pair)) && inside.length === wanted.length) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics: requests, commands, appends, projection lag, fleet', () => {
  let app: TestApp;
  let text: string;

  beforeAll(async () => {
    app = await startTestApp();
    const registered: number[] = [];
    for (let i = 0; i < 3; i++) registered.push((await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json().id);
    expect((await app.request('POST', '/api/v4/runners', { payload: { token: 'not-a-registration-token' } })).status).toBe(403);
    // The decider refuses assigning a project runner to the project it already belongs to.
    const projectRunner = (await app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1) } })).json().id;
    const again = await app.request('POST', '/api/v4/projects/1/runners', { token: ROOT, payload: { runner_id: projectRunner } });
    expect(again.status).toBe(400);
    const created = await app.request('POST', '/api/v4/user/runners', { token: ROOT, payload: { runner_type: 'instance_type' } });
    expect(created.status).toBe(201);
    expect((await app.request('POST', '/api/v4/runners/verify', { payload: { token: created.json().token } })).status).toBe(200);
    for (const id of registered) expect((await app.request('GET', `/api/v4/runners/${id}`, { token: ROOT })).status).toBe(200);
    expect((await app.request('GET', '/api/v4/runners/999999', { token: ROOT })).status).toBe(404);
    expect((await app.request('GET', '/api/v4/nowhere')).status).toBe(404);
    const metrics = await app.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    text = metrics.body;
  });
  afterAll(() => app.close());

  it('counts requests per method, route pattern and status in a histogram', () => {
    const count = (route: string, status: string, method = 'GET') => sample(text, 'runner_registry_http_request_duration_seconds_count', { method, route, status });
    expect(count('/api/v4/runners/:id', '200')).toBe(3);
    expect(count('/api/v4/runners/:id', '404')).toBe(1);
    expect(count('/api/v4/runners', '201', 'POST')).toBe(4);
    expect(count('/api/v4/runners', '403', 'POST')).toBe(1);
    expect(count('unmatched', '404')).toBe(1);
    expect(sample(text, 'runner_registry_http_request_duration_seconds_bucket', { le: '+Inf', method: 'GET', route: '/api/v4/runners/:id', status: '200' })).toBe(3);
  });

  it('counts command outcomes per command type, and times appends', () => {
    // Four registrations and the user-created runner (the same domain command).
    expect(sample(text, 'runner_registry_commands_total', { command: 'RegisterRunner', outcome: 'ok' })).toBe(5);
    expect(sample(text, 'runner_registry_commands_total', { command: 'AssignRunnerToProject', outcome: 'refused' })).toBe(1);
    expect(text).toMatch(/^runner_registry_event_store_append_duration_seconds_count \d+$/m);
    expect(Number(/^runner_registry_event_store_append_duration_seconds_count (\d+)$/m.exec(text)![1])).toBeGreaterThanOrEqual(4);
  });

  it('shows the projection lag and the fleet by status and type', () => {
    expect(text).toMatch(/^runner_registry_projection_lag 0$/m);
    expect(sample(text, 'runner_registry_runners', { status: 'never_contacted', runner_type: 'instance_type' })).toBe(3);
    expect(sample(text, 'runner_registry_runners', { status: 'online', runner_type: 'instance_type' })).toBe(1);
  });
});
