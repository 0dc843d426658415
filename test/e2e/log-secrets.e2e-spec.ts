/**
 * The built service at LOG_LEVEL=trace (everything it can log), driven through every way a token
 * comes in or goes out: registration and user-created runners, token resets by an administrator and
 * by the runner, the instance registration token reset, verify, the poll, deletes; tokens in JSON,
 * form and multipart bodies, in the query string, in PRIVATE-TOKEN and Authorization headers, in
 * refused and malformed requests. Then its whole output is searched for every plaintext token the run
 * used or was handed: none may appear. The same run checks the request log's shape: one JSON line per
 * request with method, route pattern, status, duration and the id returned in X-Request-Id.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

const ROOT = patOf('root');

describe('logs of a run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'log-secrets-'));
  let service: ServiceProcess | undefined;
  afterAll(async () => {
    await service?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hold no plaintext token, and one line per request with its X-Request-Id', async () => {
    service = await startServiceProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'trace' }, { keepOutput: true });
    const url = service.url;
    const tokens = new Set<string>([ROOT, INSTANCE_REGISTRATION_TOKEN, projectRegistrationToken(1)]);
    const requestIds: string[] = [];
    const call = async (method: string, path: string, init: { headers?: Record<string, string>; body?: string | FormData } = {}) => {
      const response = await fetch(url + path, { method, headers: init.headers, body: init.body });
      requestIds.push(response.headers.get('x-request-id') ?? 'missing');
      const text = await response.text();
      return { status: response.status, json: () => JSON.parse(text) };
    };
    const json = { 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const handedOut = (token: unknown) => {
      expect(typeof token).toBe('string');
      tokens.add(token as string);
      return token as string;
    };

    // Tokens coming in and going out.
    const a = await call('POST', '/api/v4/runners', { headers: json, body: JSON.stringify({ token: INSTANCE_REGISTRATION_TOKEN, description: 'a' }) });
    expect(a.status).toBe(201);
    const aToken = handedOut(a.json().token);
    const multipart = new FormData();
    multipart.set('token', projectRegistrationToken(1));
    const b = await call('POST', '/api/v4/runners', { body: multipart });
    expect(b.status).toBe(201);
    handedOut(b.json().token);
    const created = await call('POST', '/api/v4/user/runners', { headers: { ...form, 'private-token': ROOT }, body: 'runner_type=instance_type' });
    expect(created.status).toBe(201);
    const glrt = handedOut(created.json().token);
    expect(glrt.startsWith('glrt-')).toBe(true);
    expect((await call('POST', '/api/v4/runners/verify', { headers: form, body: `token=${glrt}&system_id=s_log` })).status).toBe(200);
    expect((await call('POST', '/api/v4/jobs/request', { headers: json, body: JSON.stringify({ token: aToken, system_id: 's_log' }) })).status).toBe(204);
    expect((await call('POST', '/api/v4/jobs/request', { headers: form, body: `token=${aToken}` })).status).toBe(204);
    const reset = await call('POST', `/api/v4/runners/${a.json().id}/reset_authentication_token`, { headers: { authorization: `Bearer ${ROOT}` } });
    expect(reset.status).toBe(201);
    const aToken2 = handedOut(reset.json().token);
    const selfReset = await call('POST', '/api/v4/runners/reset_authentication_token', { headers: json, body: JSON.stringify({ token: aToken2 }) });
    expect(selfReset.status).toBe(201);
    const aToken3 = handedOut(selfReset.json().token);
    const registration = await call('POST', '/api/v4/runners/reset_registration_token', { headers: { 'private-token': ROOT } });
    expect(registration.status).toBe(201);
    handedOut(registration.json().token);
    expect((await call('GET', `/api/v4/runners/all?private_token=${ROOT}`)).status).toBe(200);
    expect((await call('GET', `/api/v4/runners/${a.json().id}?private_token=${ROOT}`)).status).toBe(200);

    // Refused and malformed requests carrying tokens.
    expect((await call('POST', '/api/v4/runners/verify', { headers: json, body: JSON.stringify({ token: aToken }) })).status).toBe(403);
    expect((await call('POST', '/api/v4/runners', { headers: json, body: `{"token":"${aToken3}"` })).status).toBe(400);
    expect((await call('GET', '/api/v4/runners/all', { headers: { 'private-token': `${ROOT}-wrong` } })).status).toBe(401);
    tokens.add(`${ROOT}-wrong`);
    expect((await call('GET', `/api/v4/nowhere?private_token=${ROOT}&token=${aToken3}`)).status).toBe(404);
    expect((await call('DELETE', '/api/v4/runners', { headers: json, body: JSON.stringify({ token: aToken3 }) })).status).toBe(204);

    await service.kill('SIGTERM');
    const output = service.output();
    const leaked = [...tokens].filter((token) => output.includes(token));
    expect(leaked).toEqual([]);

    const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(requestIds.length);
    const requestLines = lines.filter((line) => line.msg === 'request');
    expect(requestLines.map((line) => line.request_id)).toEqual(expect.arrayContaining(requestIds));
    for (const line of requestLines) {
      expect(Object.keys(line).sort()).toEqual(['duration_ms', 'hostname', 'level', 'method', 'msg', 'pid', 'request_id', 'route', 'status', 'time']);
      expect(line.level).toBe('info');
      expect(typeof line.duration_ms).toBe('number');
    }
    const byId = new Map(requestLines.map((line) => [line.request_id, line]));
    expect(byId.get(requestIds[0])).toMatchObject({ method: 'POST', route: '/api/v4/runners', status: 201 });
    expect(byId.get(requestIds[requestIds.length - 3])).toMatchObject({ method: 'GET', route: '/api/v4/runners/all', status: 401 });
    expect(byId.get(requestIds[requestIds.length - 2])).toMatchObject({ method: 'GET', route: null, status: 404 });
  });
});
