import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { documentedRoutes, openApiPath, servedRoutes } from '@app/http';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app';
import { patOf, projectRegistrationToken } from '../support/fixture-directory';

/**
 * `GET /api/v4/openapi.json` against the running application: every route it serves is in the
 * document (and nothing else is), the document is valid OpenAPI 3.1 by an independent validator,
 * every documented parameter is accepted by the route with a value of its documented schema, and
 * what the routes answer matches the documented entities.
 */
type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const VALIDATOR_CLI = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
const ROOT = patOf('root');

let app: TestApp;
let document: Json;

beforeAll(async () => {
  app = await startTestApp();
  const response = await app.request('GET', '/api/v4/openapi.json');
  expect(response.status).toBe(200);
  document = response.json();
});

afterAll(async () => {
  await app?.close();
});

function operations(): { path: string; method: string; op: Json }[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, op: item[method] })),
  );
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', () => {
    expect(document.openapi).toBe('3.1.0');
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      let output: string;
      try {
        output = execFileSync(process.execPath, [VALIDATOR_CLI, file], { encoding: 'utf8' });
      } catch (error) {
        throw new Error(`invalid: ${(error as { stdout?: string }).stdout}`);
      }
      expect(JSON.parse(output)).toEqual(expect.objectContaining({ valid: true }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds every route the app serves, each described, and no other', () => {
    const served = documentedRoutes(servedRoutes(app.app.getHttpAdapter().getInstance())).map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`);
    const documented = operations().map(({ path, method }) => `${method} ${path}`);
    expect(served.length).toBeGreaterThan(30);
    expect([...documented].sort()).toEqual([...new Set(served)].sort());
    expect(operations().filter(({ op }) => op['x-undescribed']).map(({ path, method }) => `${method} ${path}`)).toEqual([]);
    const ids = operations().map(({ op }) => op.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path } of [{ method: 'post', path: '/api/v4/jobs/request' }, { method: 'get', path: '/api/v4/runners/{id}' }]) {
      expect(document.paths[path][method].summary).toEqual(expect.any(String)); // the direct routes too
    }
  });

  it('documents the params with types, required flags and allowed values, and the authentication', () => {
    const update = document.paths['/api/v4/runners/{id}'].put;
    const body = update.requestBody.content['application/json'].schema;
    expect(body.properties.access_level).toEqual({ type: 'string', enum: ['not_protected', 'ref_protected'] });
    expect(body.properties.tag_list).toEqual({ type: 'array', items: { type: 'string' } });
    expect(body.allOf).toContainEqual({ not: { anyOf: [{ required: ['active', 'paused'] }] } });
    const poll = document.paths['/api/v4/jobs/request'].post;
    const pollBody = poll.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(pollBody.required).toEqual(['token']);
    expect(pollBody.properties.system_id).toEqual({ type: 'string', maxLength: 64 });
    expect(pollBody.properties.info.properties.version).toEqual({ type: 'string', maxLength: 2048 });
    expect(poll.security).toEqual([{ runnerToken: [] }]);
    const list = document.paths['/api/v4/runners/all'].get;
    expect(list.parameters).toContainEqual({ name: 'per_page', in: 'query', required: false, schema: { type: 'integer', not: { enum: [0] }, default: 20 } });
    expect(list.security).toEqual([{ privateToken: [] }, { bearer: [] }, { privateTokenParam: [] }]);
    expect(list.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'privateToken', 'privateTokenParam', 'registrationToken', 'runnerToken']);
  });
});

describe('every documented parameter is accepted, and the answers match the documented entities', () => {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const checked = new Map<string, number>();

  async function freshRunner(): Promise<{ id: number; token: string }> {
    const response = await app.request('POST', '/api/v4/user/runners', { token: ROOT, payload: { runner_type: 'instance_type', description: 'openapi' } });
    expect(response.status).toBe(201);
    return response.json();
  }

  function example(name: string, schema: Json): unknown {
    if (schema.default !== undefined) return schema.default;
    if (schema.enum) return schema.enum[0];
    if (name === 'ids') return ['1'];
    switch (schema.type) {
      case 'integer':
        return name.endsWith('timeout') ? 3600 : 1; // GitLab's model wants at least 10 minutes
      case 'boolean':
        return true;
      case 'array':
        return [schema.items?.enum?.[0] ?? 'a'];
      case 'object':
        return {};
      default:
        return schema.pattern ? '16.' : 'x';
    }
  }

  function checkAnswer(label: string, op: Json, response: TestResponse): void {
    expect({ label, status: response.status }).toEqual({ label, status: expect.any(Number) });
    expect(response.status).toBeLessThan(500);
    const documented = op.responses[String(response.status)];
    expect({ label, status: response.status, documented: documented !== undefined }).toEqual({ label, status: response.status, documented: true });
    const schema = documented?.content?.['application/json']?.schema;
    if (!schema || response.status >= 300) return;
    const validate = ajv.compile({ ...schema, components: document.components });
    const valid = validate(response.json());
    expect({ label, errors: valid ? null : validate.errors }).toEqual({ label, errors: null });
    const name = schema.$ref ?? schema.items?.$ref ?? JSON.stringify(schema);
    checked.set(name, (checked.get(name) ?? 0) + 1);
  }

  it('sends each documented param alone (with the required ones) to its route: never refused as invalid', async () => {
    let requests = 0;
    // Registration tokens are replaced last: registrations use them before.
    const resetsLast = operations().sort((a, b) => Number(a.path.endsWith('reset_registration_token')) - Number(b.path.endsWith('reset_registration_token')));
    for (const { path, method, op } of resetsLast) {
      if (path.startsWith('/api/v3') || op.requestBody?.content?.['application/json']?.schema?.oneOf) continue;
      // An event stream answers for as long as the client stays: there is no answer to wait for (its own e2e spec covers it).
      if (op.responses?.['200']?.content?.['text/event-stream']) continue;
      const runner = await freshRunner();
      const id = path.startsWith('/api/v4/projects') || path.startsWith('/api/v4/users') ? '1' : path.startsWith('/api/v4/groups') ? '9' : String(runner.id);
      const pathValues: Json = { id, runner_id: String(runner.id) };
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => pathValues[name]);
      const queryParams: Json[] = (op.parameters ?? []).filter((p: Json) => p.in === 'query');
      const bodySchema: Json | undefined = op.requestBody?.content?.['application/json']?.schema;
      const params: [string, Json, boolean][] = [
        ...queryParams.map((p): [string, Json, boolean] => [p.name, p.schema, p.required]),
        ...Object.entries((bodySchema?.properties ?? {}) as Json).map(([name, schema]): [string, Json, boolean] => [name, schema, (bodySchema?.required ?? []).includes(name)]),
      ];
      const base: Json = {};
      for (const [name, schema, required] of params) if (required) base[name] = example(name, schema);
      if ('token' in base) base.token = op.security?.[0]?.registrationToken ? projectRegistrationToken(1) : runner.token;
      const headers = op.security?.some((s: Json) => s.privateToken) ? { 'private-token': ROOT } : undefined;
      for (const [name, schema] of params.length > 0 ? params : [['', {}] as [string, Json]]) {
        const values = name && !(name in base) ? { ...base, [name]: example(name, schema) } : base;
        if (path === '/api/v4/runners/bulk_delete') values.dry_run = true;
        const upper = method.toUpperCase();
        const response =
          upper === 'GET' || upper === 'HEAD'
            ? await app.request(upper, url, { headers, query: Object.fromEntries(Object.entries(values).map(([k, v]) => (Array.isArray(v) ? [`${k}[]`, v.map(String)] : [k, String(v)]))) })
            : await app.request(upper, url, { headers, payload: values });
        requests++;
        const label = `${upper} ${url} ${name}=${JSON.stringify(values[name])}`;
        const error = response.status === 400 ? (response.json().error as string | undefined) : undefined;
        expect({ label, refused: error && new RegExp(`(^|, )${name.replace(/[[\]]/g, '\\$&')}\\b`).test(error) ? error : null }).toEqual({ label, refused: null });
        checkAnswer(label, op, response);
      }
    }
    expect(requests).toBeGreaterThan(100);
    // The entities most answers carry were checked against real answers.
    for (const entity of ['Runner', 'RunnerDetails', 'RunnerManager', 'RunnerToken', 'RegisteredRunner', 'User', 'Metadata', 'BulkDeleteResult', 'AuditEntry']) {
      expect({ entity, checked: (checked.get(`#/components/schemas/${entity}`) ?? 0) > 0 }).toEqual({ entity, checked: true });
    }
  });

  it('job events: the documented body is accepted and the jobs match the Job entity', async () => {
    const runner = await freshRunner();
    const headers = { 'private-token': ROOT };
    const recorded = await app.request('POST', '/api/v4/internal/job_events', {
      headers,
      payload: [{ id: 77, status: 'failed', project_id: 1, runner_id: runner.id, system_id: 's_1', name: 'rspec', stage: 'test', coverage: 81.5, failure_reason: 'script_failure', user: { id: 1, username: 'root', name: 'Root' }, commit: { id: 'abc' }, pipeline: { id: 5 } }],
    });
    checkAnswer('job events', document.paths['/api/v4/internal/job_events'].post, recorded);
    expect(recorded.status).toBe(201);
    const jobs = await app.request('GET', `/api/v4/runners/${runner.id}/jobs`, { headers });
    checkAnswer('jobs', document.paths['/api/v4/runners/{id}/jobs'].get, jobs);
    expect(jobs.json()).toHaveLength(1);
  });
});
