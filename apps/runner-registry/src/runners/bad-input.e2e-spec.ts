import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../../test/support/fixture-directory';
import type { AddressInfo } from 'node:net';
import { rawHttp, type RawHttpResponse } from '../../../../test/support/raw-http';
import { startTestApp, type TestApp, type TestResponse } from '../../../../test/support/test-app';

/**
 * Robustness of every runner endpoint against hostile or sloppy input: wrong types, missing and
 * unknown fields, huge strings, unicode, prototype-poisoning keys, malformed bodies, bad ids.
 * Whatever comes in, the answer is a 4xx or the endpoint's documented 2xx, never a 5xx, always a
 * GitLab-shaped JSON body; Object.prototype stays clean and a refused write changes nothing.
 */

const API = '/api/v4';
const ROOT = patOf('root');
const EVE = patOf('eve');
const HUGE = 'x'.repeat(200_000);
const UNICODE = ['😀🚀 runner', 'مرحبا بالعالم \u202Eevil', 'e\u0301\u0301 Ω ß İ ǅ', '\uFEFFzero\u200Bwidth', '\uD83D'];

type ParamType = 'string' | 'boolean' | 'integer' | 'array' | 'hash';
type Auth = 'user' | 'runner' | 'registration' | 'none';

interface Runner {
  id: number;
  token: string;
}

interface Endpoint {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: (runner: Runner) => string;
  /** The documented success status. */
  readonly ok: number;
  readonly auth: Auth;
  readonly params: Readonly<Record<string, ParamType>>;
  /** The call acts on one runner: each case gets a fresh one, compared before and after a refusal. */
  readonly targetsRunner: boolean;
  /** A refusal must also leave the runner's token working. */
  readonly guardsToken?: boolean;
  readonly hasId?: boolean;
  /** Any signed-in user (eve) may call it on an instance runner. */
  readonly eveReads?: boolean;
}

const RUNNER_ATTRIBUTES: Record<string, ParamType> = {
  description: 'string',
  active: 'boolean',
  paused: 'boolean',
  locked: 'boolean',
  run_untagged: 'boolean',
  tag_list: 'array',
  access_level: 'string',
  maximum_timeout: 'integer',
  maintenance_note: 'string',
};

const USER_TOKEN_PARAMS: Record<string, ParamType> = { private_token: 'string', access_token: 'string' };

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /runners',
    method: 'POST',
    path: () => `${API}/runners`,
    ok: 201,
    auth: 'registration',
    params: { token: 'string', ...RUNNER_ATTRIBUTES, maintainer_note: 'string', info: 'hash' },
    targetsRunner: false,
  },
  {
    name: 'POST /runners/verify',
    method: 'POST',
    path: () => `${API}/runners/verify`,
    ok: 200,
    auth: 'runner',
    params: { token: 'string', system_id: 'string', info: 'hash' },
    targetsRunner: true,
  },
  {
    name: 'DELETE /runners',
    method: 'DELETE',
    path: () => `${API}/runners`,
    ok: 204,
    auth: 'runner',
    params: { token: 'string' },
    targetsRunner: true,
    guardsToken: true,
  },
  {
    name: 'DELETE /runners/managers',
    method: 'DELETE',
    path: () => `${API}/runners/managers`,
    ok: 204,
    auth: 'runner',
    params: { token: 'string', system_id: 'string' },
    targetsRunner: true,
    guardsToken: true,
  },
  {
    name: 'POST /jobs/request',
    method: 'POST',
    path: () => `${API}/jobs/request`,
    ok: 204,
    auth: 'runner',
    params: { token: 'string', system_id: 'string', last_update: 'string', job_age: 'integer', info: 'hash', session: 'hash' },
    targetsRunner: true,
  },
  {
    name: 'POST /runners/reset_authentication_token',
    method: 'POST',
    path: () => `${API}/runners/reset_authentication_token`,
    ok: 201,
    auth: 'runner',
    params: { token: 'string' },
    targetsRunner: true,
    guardsToken: true,
  },
  {
    name: 'GET /runners/:id',
    method: 'GET',
    path: (r) => `${API}/runners/${r.id}`,
    ok: 200,
    auth: 'user',
    params: { include_projects: 'boolean', ...USER_TOKEN_PARAMS },
    targetsRunner: true,
    hasId: true,
    eveReads: true,
  },
  {
    name: 'GET /runners/:id/managers',
    method: 'GET',
    path: (r) => `${API}/runners/${r.id}/managers`,
    ok: 200,
    auth: 'user',
    params: { ...USER_TOKEN_PARAMS },
    targetsRunner: true,
    hasId: true,
    eveReads: true,
  },
  {
    name: 'PUT /runners/:id',
    method: 'PUT',
    path: (r) => `${API}/runners/${r.id}`,
    ok: 200,
    auth: 'user',
    params: { ...RUNNER_ATTRIBUTES, ...USER_TOKEN_PARAMS },
    targetsRunner: true,
    hasId: true,
  },
  {
    name: 'DELETE /runners/:id',
    method: 'DELETE',
    path: (r) => `${API}/runners/${r.id}`,
    ok: 204,
    auth: 'user',
    params: { ...USER_TOKEN_PARAMS },
    targetsRunner: true,
    guardsToken: true,
    hasId: true,
  },
  {
    name: 'POST /runners/:id/reset_authentication_token',
    method: 'POST',
    path: (r) => `${API}/runners/${r.id}/reset_authentication_token`,
    ok: 201,
    auth: 'user',
    params: { ...USER_TOKEN_PARAMS },
    targetsRunner: true,
    guardsToken: true,
    hasId: true,
  },
  {
    name: 'GET /runners/all',
    method: 'GET',
    path: () => `${API}/runners/all`,
    ok: 200,
    auth: 'user',
    params: {
      scope: 'string',
      type: 'string',
      paused: 'boolean',
      status: 'string',
      tag_list: 'array',
      version_prefix: 'string',
      page: 'integer',
      per_page: 'integer',
      ...USER_TOKEN_PARAMS,
    },
    targetsRunner: false,
  },
  {
    name: 'POST /runners/bulk_delete',
    method: 'POST',
    path: () => `${API}/runners/bulk_delete`,
    ok: 200,
    auth: 'user',
    params: { ids: 'array', status: 'string', type: 'string', paused: 'boolean', tag_list: 'array', dry_run: 'boolean', ...USER_TOKEN_PARAMS },
    targetsRunner: false,
  },
  ...(['/user', '/users/1', '/personal_access_tokens/self', '/metadata', '/version'] as const).map(
    (path): Endpoint => ({ name: `GET ${path}`, method: 'GET', path: () => `${API}${path}`, ok: 200, auth: 'user', params: { ...USER_TOKEN_PARAMS }, targetsRunner: false, eveReads: true }),
  ),
  {
    name: 'POST /runners/reset_registration_token',
    method: 'POST',
    path: () => `${API}/runners/reset_registration_token`,
    ok: 201,
    auth: 'user',
    params: { ...USER_TOKEN_PARAMS },
    targetsRunner: false,
  },
];

/** Values of the wrong type (or hostile values of the right type) for a JSON body. */
const JSON_VALUES: Record<ParamType, unknown[]> = {
  string: [{ a: 1 }, [1, 2], ['x'], [], 123, 1.5, true, false, null, '', HUGE, ...UNICODE],
  boolean: ['maybe', 'TRUE ', { a: 1 }, [true], [], 2, -1, '', null, HUGE, ...UNICODE],
  integer: ['abc', '1.5', '1e3', 1.5, -1, 0, 1e300, '99999999999999999999', { a: 1 }, [1], true, '', null, HUGE, ...UNICODE],
  array: [{ a: 1 }, 123, true, null, '', [[1]], [{ a: 1 }], [null], [HUGE], HUGE, Array.from({ length: 10_000 }, (_, i) => `t${i}`), ' , ,,', UNICODE],
  hash: ['str', [1], 123, true, null, '', { name: { deep: 1 } }, { name: ['a'] }, { name: HUGE }, { name: UNICODE[0] }, { unknown: 1 }],
};

/**
 * Left out until fixed (see the report): a hash for a param declared with a `regexp`
 * (`version_prefix[a]=1`) makes libs/http's regexp check call String() on a null-prototype
 * hash, which throws: 500 instead of 400 "version_prefix is invalid".
 */
/** Raw `key=value` fragments (already encoded) for forms and query strings, where everything is a string. */
function formFragments(param: string): string[] {
  const k = encodeURIComponent(param);
  return [
    `${k}=abc`,
    `${k}=`,
    `${k}`,
    `${k}[a]=1`,
    `${k}[]=1&${k}[]=2`,
    `${k}[][a]=1`,
    `${k}[a][b][c]=1`,
    `${k}=1&${k}=2`,
    `${k}=${'x'.repeat(50_000)}`,
    ...UNICODE.slice(0, 2).map((u) => `${k}=${encodeURIComponent(u)}`),
    `${k}=%E0%A4%A`,
    `${k}=%00`,
  ];
}

const describeValue = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...(${text.length})` : text;
};

function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return (
    probe.admin === undefined &&
    probe.polluted === undefined &&
    !Object.prototype.hasOwnProperty.call(Object.prototype, 'admin') &&
    !Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')
  );
}

/** Whatever is wrong with a response, or null. */
function responseProblem(endpoint: Endpoint, response: TestResponse): string | null {
  const { status } = response;
  if (status >= 500) return `status ${status}: ${response.body.slice(0, 200)}`;
  if (status < 400 && status !== endpoint.ok) return `unexpected status ${status}`;
  if (status === 204) return response.body === '' ? null : 'body on 204';
  if (response.headers['content-type'] !== 'application/json') return `content-type ${String(response.headers['content-type'])}`;
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return `not JSON: ${response.body.slice(0, 100)}`;
  }
  if (status < 400) return null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `error body not an object: ${response.body.slice(0, 100)}`;
  const record = body as Record<string, unknown>;
  // GitLab's bodies have one key: Fastify's {"error","message","statusCode"} is not one of them.
  if (Object.keys(record).length !== 1) return `not GitLab-shaped: ${response.body.slice(0, 100)}`;
  if (typeof record.error === 'string') return null;
  if (typeof record.message === 'string') return null;
  if (typeof record.message === 'object' && record.message !== null && !Array.isArray(record.message)) {
    const allLists = Object.values(record.message).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'));
    return allLists ? null : `malformed validation body: ${response.body.slice(0, 100)}`;
  }
  return `not GitLab-shaped: ${response.body.slice(0, 100)}`;
}

interface RawRequest {
  readonly label: string;
  readonly headers?: Record<string, string>;
  readonly payload?: unknown;
  /** Appended to the path as is (already encoded). */
  readonly rawQuery?: string;
  /** Replaces the runner id in the path. */
  readonly id?: string;
}

describe('bad input on every runner endpoint (and the user and metadata endpoints clients call first)', () => {
  let app: TestApp;
  let registrationToken = INSTANCE_REGISTRATION_TOKEN;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function freshRunner(): Promise<Runner> {
    const response = await app.request('POST', `${API}/runners`, { payload: { token: registrationToken, description: 'victim', tag_list: 'keep' } });
    expect(response.status).toBe(201);
    return response.json<Runner>();
  }

  const details = async (id: number) => {
    const response = await app.request('GET', `${API}/runners/${id}`, { token: ROOT });
    return { status: response.status, body: response.body };
  };
  const runnerCount = async () => (await app.request('GET', `${API}/runners/all`, { token: ROOT, query: { per_page: '1' } })).headers['x-total'];

  function baseParams(endpoint: Endpoint, runner: Runner): Record<string, string> {
    if (endpoint.auth === 'runner') return { token: runner.token };
    if (endpoint.auth === 'registration') return { token: registrationToken };
    return {};
  }

  /** Sends one request and records every problem with the outcome. */
  async function probe(endpoint: Endpoint, build: (runner: Runner) => RawRequest, problems: string[], userToken = ROOT): Promise<void> {
    const runner = endpoint.targetsRunner || endpoint.auth === 'runner' ? await freshRunner() : { id: 0, token: '' };
    const request = build(runner);
    const before = endpoint.targetsRunner ? await details(runner.id) : null;
    const countBefore = endpoint.auth === 'registration' ? await runnerCount() : null;

    const basePath = endpoint.path(runner);
    const path = request.id === undefined ? basePath : basePath.replace(`/runners/${runner.id}`, `/runners/${request.id}`);
    const url = request.rawQuery === undefined ? path : `${path}?${request.rawQuery}`;
    const label = `${endpoint.name} ${request.label}`;
    let response: TestResponse;
    try {
      response = await app.request(endpoint.method, url, {
        token: endpoint.auth === 'user' ? userToken : undefined,
        headers: request.headers,
        payload: request.payload,
      });
    } catch (error) {
      problems.push(`${label}: request threw ${(error as Error).message}`);
      return;
    }

    const problem = responseProblem(endpoint, response);
    if (problem) problems.push(`${label}: ${problem}`);
    if (!prototypeIsClean()) problems.push(`${label}: Object.prototype polluted`);
    if (response.status === 201 && endpoint.name === 'POST /runners/reset_registration_token') registrationToken = response.json().token;

    if (response.status >= 400) {
      if (before) {
        const after = await details(runner.id);
        if (after.status !== before.status || after.body !== before.body) problems.push(`${label}: refused (${response.status}) but the runner changed`);
        if (endpoint.guardsToken) {
          const verify = await app.request('POST', `${API}/runners/verify`, { payload: { token: runner.token } });
          if (verify.status !== 200) problems.push(`${label}: refused (${response.status}) but the runner token stopped working`);
        }
      }
      if (countBefore !== null && (await runnerCount()) !== countBefore) problems.push(`${label}: refused (${response.status}) but a runner was created`);
    }
  }

  const asForm = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  const carriesBody = (endpoint: Endpoint) => endpoint.method !== 'GET';

  describe.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', (_name, endpoint) => {
    it('wrong types and hostile values in a JSON body', async () => {
      const problems: string[] = [];
      if (!carriesBody(endpoint)) return expect(problems).toEqual([]);
      for (const [param, type] of Object.entries(endpoint.params)) {
        for (const value of JSON_VALUES[type]) {
          await probe(endpoint, (r) => ({ label: `json ${param}=${describeValue(value)}`, payload: { ...baseParams(endpoint, r), [param]: value } }), problems);
        }
      }
      expect(problems).toEqual([]);
    });

    it('wrong types and hostile values in a form body and in the query string', async () => {
      const problems: string[] = [];
      for (const [param] of Object.entries(endpoint.params)) {
        for (const fragment of formFragments(param)) {
          const label = fragment.length > 60 ? `${fragment.slice(0, 57)}...` : fragment;
          await probe(endpoint, (r) => ({ label: `query ${label}`, rawQuery: [...asForm(baseParams(endpoint, r)), fragment].join('&') }), problems);
          if (carriesBody(endpoint)) {
            await probe(
              endpoint,
              (r) => ({
                label: `form ${label}`,
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                payload: [...asForm(baseParams(endpoint, r)), fragment].join('&'),
              }),
              problems,
            );
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('a 200,000-character value in every param, via JSON and query', async () => {
      const problems: string[] = [];
      for (const param of Object.keys(endpoint.params)) {
        if (carriesBody(endpoint)) {
          await probe(endpoint, (r) => ({ label: `json ${param}=<200k>`, payload: { ...baseParams(endpoint, r), [param]: HUGE } }), problems);
        }
        await probe(endpoint, (r) => ({ label: `query ${param}=<200k>`, rawQuery: [...asForm(baseParams(endpoint, r)), `${param}=${HUGE}`].join('&') }), problems);
      }
      expect(problems).toEqual([]);
    });

    it('missing and unknown fields', async () => {
      const problems: string[] = [];
      await probe(endpoint, () => ({ label: 'no params at all' }), problems);
      if (carriesBody(endpoint)) {
        await probe(endpoint, () => ({ label: 'json {}', payload: {} }), problems);
        await probe(endpoint, (r) => ({ label: 'json unknown fields', payload: { ...baseParams(endpoint, r), unknown: 'x', nested: { a: [1, { b: 2 }] }, id: 'abc' } }), problems);
        await probe(endpoint, () => ({ label: 'json only unknown fields', payload: { bogus: true, 'tag_list[]': 'x' } }), problems);
      }
      await probe(endpoint, (r) => ({ label: 'query unknown fields', rawQuery: [...asForm(baseParams(endpoint, r)), 'unknown=x', 'a[b][c]=d'].join('&') }), problems);
      expect(problems).toEqual([]);
    });

    it('__proto__ and constructor.prototype keys in JSON, form, query and multipart', async () => {
      const problems: string[] = [];
      const poison = '"__proto__":{"admin":true,"polluted":1},"constructor":{"prototype":{"admin":true,"polluted":1}}';
      const poisonForm = ['__proto__[admin]=true', '__proto__[polluted]=1', 'constructor[prototype][admin]=true', 'constructor[prototype][polluted]=1'];
      const jsonBase = (r: Runner) => JSON.stringify(baseParams(endpoint, r)).slice(1, -1);
      const firstParam = Object.keys(endpoint.params)[0];
      if (carriesBody(endpoint)) {
        await probe(
          endpoint,
          (r) => ({ label: 'json top-level poison', headers: { 'content-type': 'application/json' }, payload: `{${[jsonBase(r), poison].filter(Boolean).join(',')}}` }),
          problems,
        );
        await probe(
          endpoint,
          (r) => ({
            label: 'json nested poison',
            headers: { 'content-type': 'application/json' },
            payload: `{${[jsonBase(r), `"${firstParam}":{${poison}}`, `"info":{${poison}}`].filter(Boolean).join(',')}}`,
          }),
          problems,
        );
        await probe(
          endpoint,
          (r) => ({ label: 'form poison', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: [...asForm(baseParams(endpoint, r)), ...poisonForm].join('&') }),
          problems,
        );
        for (const field of ['__proto__', '__proto__[admin]', 'constructor[prototype][admin]', 'hasOwnProperty', 'toString']) {
          await probe(
            endpoint,
            (r) => {
              const form = new FormData();
              for (const [k, v] of Object.entries(baseParams(endpoint, r))) form.append(k, v);
              form.append(field, 'true');
              return { label: `multipart field ${field}`, ...multipartSync(form) };
            },
            problems,
          );
        }
      }
      await probe(endpoint, (r) => ({ label: 'query poison', rawQuery: [...asForm(baseParams(endpoint, r)), ...poisonForm].join('&') }), problems);
      await probe(endpoint, (r) => ({ label: 'query hasOwnProperty', rawQuery: [...asForm(baseParams(endpoint, r)), 'hasOwnProperty=1', 'toString[x]=1', 'valueOf[]=1'].join('&') }), problems);
      expect(problems).toEqual([]);
    });

    it('malformed and odd bodies', async () => {
      const problems: string[] = [];
      const json = { 'content-type': 'application/json' };
      const raw: [string, Record<string, string> | undefined, (r: Runner) => string | Buffer][] = [
        ['malformed JSON', json, (r) => `{"token":"${r.token}",`],
        ['JSON array', json, (r) => JSON.stringify([baseParams(endpoint, r)])],
        ['empty body with content-type json', json, () => ''],
        ['JSON null', json, () => 'null'],
        ['JSON string', json, () => '"token"'],
        ['JSON number', json, () => '123'],
        ['deeply nested JSON', json, () => `{"description":${'['.repeat(5000)}${']'.repeat(5000)}}`],
        ['JSON with a BOM', json, (r) => `\uFEFF${JSON.stringify(baseParams(endpoint, r))}`],
        ['JSON with charset', { 'content-type': 'application/json; charset=utf-8' }, (r) => JSON.stringify(baseParams(endpoint, r))],
        ['JSON without content-type', undefined, (r) => JSON.stringify(baseParams(endpoint, r))],
        ['text/plain', { 'content-type': 'text/plain' }, () => 'token=abc'],
        ['application/xml', { 'content-type': 'application/xml' }, () => '<token>abc</token>'],
        ['bad percent-encoding in a form', { 'content-type': 'application/x-www-form-urlencoded' }, () => 'token=%E0%A4%A&description=%'],
        ['multipart without boundary', { 'content-type': 'multipart/form-data' }, () => 'garbage'],
        ['truncated multipart', { 'content-type': 'multipart/form-data; boundary=XYZ' }, () => '--XYZ\r\nContent-Disposition: form-data; name="token"\r\n\r\nabc'],
        ['binary garbage as JSON', json, () => Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b])],
        ['body over 1 MiB', json, () => JSON.stringify({ description: 'x'.repeat(1_100_000) })],
        ['multipart part without a name', { 'content-type': 'multipart/form-data; boundary=X' }, () => '--X\r\nContent-Disposition: form-data\r\n\r\nx\r\n--X--\r\n'],
        ['multipart part without a name beside the params', { 'content-type': 'multipart/form-data; boundary=X' }, (r) => multipartWithNamelessPart(baseParams(endpoint, r))],
        ['multipart file part without a name', { 'content-type': 'multipart/form-data; boundary=X' }, () => '--X\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nx\r\n--X--\r\n'],
        ['multipart part with an empty name', { 'content-type': 'multipart/form-data; boundary=X' }, () => '--X\r\nContent-Disposition: form-data; name=""\r\n\r\nx\r\n--X--\r\n'],
      ];
      for (const [label, headers, payload] of raw) {
        await probe(endpoint, (r) => ({ label, headers, payload: payload(r) }), problems);
      }
      expect(problems).toEqual([]);
    });

    if (endpoint.hasId) {
      it('bad ids in the path', async () => {
        const problems: string[] = [];
        const ids = ['abc', '-1', '0', '1.5', '1e3', '0x10', '99999999999999999999', '%F0%9F%98%80', '%00', '1%00', '%201', '+1', '%2e%2e', '9'.repeat(300), 'x'.repeat(5000), '%5B%5D'];
        for (const id of ids) {
          await probe(endpoint, () => ({ label: `id=${id.length > 20 ? `${id.slice(0, 17)}...` : id}`, id }), problems);
        }
        expect(problems).toEqual([]);
      });
    }

    if (endpoint.auth === 'user') {
      it('hostile credentials', async () => {
        const problems: string[] = [];
        const headerSets: [string, Record<string, string>][] = [
          ['huge PRIVATE-TOKEN', { 'private-token': 'x'.repeat(200_000) }],
          ['empty PRIVATE-TOKEN', { 'private-token': '' }],
          ['Bearer without token', { authorization: 'Bearer ' }],
          ['Basic auth', { authorization: 'Basic cm9vdDpyb290' }],
          ['huge Bearer', { authorization: `Bearer ${'y'.repeat(200_000)}` }],
        ];
        for (const [label, headers] of headerSets) {
          await probe(endpoint, () => ({ label, headers }), problems, '');
        }
        await probe(endpoint, () => ({ label: 'private_token array', rawQuery: `private_token[]=${ROOT}&private_token[]=x` }), problems, '');
        await probe(endpoint, () => ({ label: 'private_token hash', rawQuery: `private_token[a]=${ROOT}` }), problems, '');
        expect(problems).toEqual([]);
      });

      it('poisoned params never make eve an administrator', async () => {
        const runner = endpoint.targetsRunner ? await freshRunner() : { id: 0, token: '' };
        const before = endpoint.targetsRunner ? await details(runner.id) : null;
        const sends: RawRequest[] = [
          {
            label: 'json',
            headers: { 'content-type': 'application/json' },
            payload: '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},"admin":true,"description":"eve"}',
          },
          { label: 'form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '__proto__[admin]=true&constructor[prototype][admin]=true&admin=true&description=eve' },
          { label: 'query', rawQuery: '__proto__[admin]=true&constructor[prototype][admin]=true&admin=true&sudo=root&description=eve' },
        ];
        const statuses: number[] = [];
        for (const send of sends) {
          if (endpoint.method === 'GET' && send.payload !== undefined) continue;
          const url = send.rawQuery ? `${endpoint.path(runner)}?${send.rawQuery}` : endpoint.path(runner);
          const response = await app.request(endpoint.method, url, { token: EVE, headers: send.headers, payload: send.payload });
          statuses.push(response.status);
          expect(prototypeIsClean()).toBe(true);
        }
        // Eve may read an instance runner (and its managers) and nothing else here; she administers nothing.
        const expected = endpoint.eveReads ? 200 : 403;
        expect(statuses).toEqual(statuses.map(() => expected));
        expect(statuses.length).toBeGreaterThan(0);
        if (before) expect(await details(runner.id)).toEqual(before);
      });
    }
  });

  it('GET bodies are ignored, whatever they contain', async () => {
    const runner = await freshRunner();
    const response = await app.request('GET', `${API}/runners/${runner.id}`, {
      token: ROOT,
      headers: { 'content-type': 'application/json' },
      payload: '{"include_projects":false,"__proto__":{"admin":true}',
    });
    expect(response.status).toBeLessThan(500);
    expect(prototypeIsClean()).toBe(true);
  });
});

/**
 * What only a real connection shows: broken framing that Node's HTTP parser rejects before Fastify
 * sees a request, paths the router cannot take, CONNECT, and over-limit bodies from a client that
 * writes its whole body before it reads the answer.
 */
describe('hostile input over a real connection', () => {
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    app = await startTestApp();
    await app.app.listen(0, '127.0.0.1');
    port = (app.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
  });

  const expectAnswer = (response: RawHttpResponse, status: number, body: object) => {
    expect({ status: response.status, body: response.body, socketError: response.socketError }).toEqual({ status, body: JSON.stringify(body), socketError: null });
    expect(response.headers['content-type']).toBe('application/json');
  };

  it.each([
    ['an invalid Content-Length', 'POST /api/v4/runners HTTP/1.1\r\nHost: x\r\nContent-Length: abc'],
    ['two different Content-Lengths', 'POST /api/v4/runners HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2'],
    ['Content-Length beside chunked', 'POST /api/v4/runners HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked'],
    ['a control byte in a header value', 'GET /api/v4/runners/all HTTP/1.1\r\nHost: x\r\nX-Odd: a\u0001b'],
    ['a space in a header name', 'GET /api/v4/runners/all HTTP/1.1\r\nHost: x\r\nX Odd: 1'],
    ['an unknown method', 'FROB /api/v4/runners HTTP/1.1\r\nHost: x'],
    ['not HTTP at all', 'hello there'],
  ])('broken framing (%s) gets 400 {"message":"400 Bad Request"}', async (_label, head) => {
    expectAnswer(await rawHttp(port, { head }), 400, { message: '400 Bad Request' });
  });

  it.each([
    ['/api/v4/runners/%E0%A4%A'],
    ['/api/v4/runners/%'],
    ['/api/v4/projects/%ZZ/runners'],
  ])('a path the router cannot decode (%s) gets 400 {"message":"400 Bad Request"}', async (path) => {
    expectAnswer(await rawHttp(port, { head: `GET ${path} HTTP/1.1\r\nHost: x` }), 400, { message: '400 Bad Request' });
  });

  it('a path parameter over the router limit gets the catch-all 404; a long one under it reaches its endpoint', async () => {
    const tooLong = await rawHttp(port, { head: `GET /api/v4/runners/${'x'.repeat(5000)} HTTP/1.1\r\nHost: x\r\nPRIVATE-TOKEN: ${ROOT}` });
    expectAnswer(tooLong, 404, { error: '404 Not Found' });
    // 150 characters used to hit Fastify's default limit of 100 (FST_ERR_MAX_PARAM_LENGTH); now the endpoint answers.
    const longPath = encodeURIComponent(`${'deep-group/'.repeat(13)}project`);
    expect(longPath.length).toBeGreaterThan(150);
    expectAnswer(await rawHttp(port, { head: `GET /api/v4/projects/${longPath}/runners HTTP/1.1\r\nHost: x\r\nPRIVATE-TOKEN: ${ROOT}` }), 404, { message: '404 Project Not Found' });
  });

  it('CONNECT gets the catch-all 404 instead of a dropped connection', async () => {
    expectAnswer(await rawHttp(port, { head: `CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1:${port}` }), 404, { error: '404 Not Found' });
  });

  describe('a body over the limit, written whole before the answer is read, gets 413, never a reset', () => {
    const size = 16 * 1024 * 1024;
    const chunked = (body: Buffer) => Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    const cases: [string, string][] = [
      ['POST /api/v4/runners', 'application/json'],
      ['POST /api/v4/runners', 'application/x-www-form-urlencoded'],
      ['POST /api/v4/runners', 'multipart/form-data; boundary=X'],
      ['POST /api/v4/runners', 'text/plain'],
      ['POST /api/v4/jobs/request', 'application/json'],
      ['PUT /api/v4/runners/1', 'application/json'],
    ];
    it.each(cases)('%s as %s, with Content-Length and chunked', async (line, contentType) => {
      const body = Buffer.alloc(size, 'a');
      const withLength = await rawHttp(port, { head: `${line} HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nContent-Length: ${size}`, body });
      expectAnswer(withLength, 413, { message: '413 Request Entity Too Large' });
      const withChunks = await rawHttp(port, { head: `${line} HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nTransfer-Encoding: chunked`, body: chunked(body) });
      expectAnswer(withChunks, 413, { message: '413 Request Entity Too Large' });
    });
  });

  it('a nameless multipart part is ignored: the params beside it still work', async () => {
    const registered = await app.request('POST', `${API}/runners`, { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    const { token } = registered.json<Runner>();
    const verify = await rawHttpMultipart(port, 'POST /api/v4/runners/verify', multipartWithNamelessPart({ token }));
    expect(verify.status).toBe(200);
    const register = await rawHttpMultipart(port, 'POST /api/v4/runners', multipartWithNamelessPart({ token: INSTANCE_REGISTRATION_TOKEN, description: 'beside a nameless part' }));
    expect(register.status).toBe(201);
    const created = await app.request('GET', `${API}/runners/${JSON.parse(register.body).id}`, { token: ROOT });
    expect(created.json().description).toBe('beside a nameless part');
  });
});

function rawHttpMultipart(port: number, line: string, body: string): Promise<RawHttpResponse> {
  return rawHttp(port, { head: `${line} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=X\r\nContent-Length: ${Buffer.byteLength(body)}`, body });
}

/** The params as multipart fields (boundary `X`), with a nameless part in between. */
function multipartWithNamelessPart(params: Record<string, string>): string {
  const parts = Object.entries(params).map(([name, value]) => `--X\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return ['--X\r\nContent-Disposition: form-data\r\n\r\nx\r\n', ...parts, '--X--\r\n'].join('');
}

/** A multipart body and its content type from a FormData, without awaiting (Request.arrayBuffer is async). */
function multipartSync(form: FormData): { headers: Record<string, string>; payload: Buffer } {
  const boundary = `----bad-input-${Math.random().toString(16).slice(2)}`;
  const chunks: string[] = [];
  form.forEach((value, name) => {
    chunks.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`);
  });
  chunks.push(`--${boundary}--\r\n`);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.from(chunks.join(''), 'utf8') };
}
