import 'reflect-metadata';
import { Controller, Delete, Get, Logger, Module, Post, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, InjectOptions } from 'fastify';
import { BODY_LIMIT, configureGitLabApp, createFastifyAdapter } from './gitlab-fastify';
import { forbidden } from './gitlab-errors';
import { defineParams } from './grape-params';
import { offsetPaginationParams, paginate } from './offset-pagination';
import { collectParams } from './request-params';

const echoParams = defineParams({
  token: { type: 'string', required: true },
  tag_list: { type: 'commaSeparatedArray' },
  paused: { type: 'boolean' },
  info: { type: 'hash', params: { name: { type: 'string' } } },
});

const listParams = defineParams({ ...offsetPaginationParams, type: { type: 'string', values: ['a', 'b'] } });

@Controller('api/v4')
class TestController {
  @Get('echo')
  echoQuery(@Req() request: FastifyRequest) {
    return echoParams.parse(collectParams(request));
  }

  @Post('echo')
  echoBody(@Req() request: FastifyRequest) {
    return echoParams.parse(collectParams(request));
  }

  @Delete('echo')
  echoDelete(@Req() request: FastifyRequest) {
    return echoParams.parse(collectParams(request));
  }

  @Get('items/:group')
  list(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const params = listParams.parse(collectParams(request));
    const page = paginate(Array.from({ length: 45 }, (_, i) => ({ id: i + 1 })), params, request);
    reply.headers(page.headers);
    return page.items;
  }

  @Get('forbidden')
  refuse() {
    throw forbidden('No access granted');
  }

  @Post('boom')
  boom() {
    throw new Error('kaboom');
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

describe('GitLab HTTP conventions (Nest + Fastify)', () => {
  let app: NestFastifyApplication;
  let fastify: FastifyInstance;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TestModule, createFastifyAdapter(), { logger: false });
    await configureGitLabApp(app);
    await app.init();
    fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    await fastify.ready();
  });

  afterAll(async () => {
    await app.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const inject = (options: InjectOptions) => fastify.inject(options);
  const expected = { token: 't', tag_list: ['a', 'b'], paused: true, info: { name: 'n' } };

  async function multipart(fields: [string, string][]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    // One Request gives a body and a Content-Type with the same boundary.
    const request = new Request('http://x', { method: 'POST', body: form });
    const payload = Buffer.from(await request.arrayBuffer());
    return { payload, headers: { 'content-type': request.headers.get('content-type')! } };
  }

  describe('params arrive the same way from every source', () => {
    it('query string, with tag_list[] and info[name]', async () => {
      const response = await inject({ method: 'GET', url: '/api/v4/echo?token=t&tag_list[]=a&tag_list[]=b&paused=true&info[name]=n' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(expected);
    });

    it('query string with the comma form of tag_list', async () => {
      const response = await inject({ method: 'GET', url: '/api/v4/echo?token=t&tag_list=a,%20b&paused=1&info%5Bname%5D=n' });
      expect(response.json()).toEqual(expected);
    });

    it('JSON body', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        payload: JSON.stringify({ token: 't', tag_list: ['a', 'b'], paused: true, info: { name: 'n', extra: 1 } }),
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual(expected);
    });

    it('form-urlencoded body', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'token=t&tag_list%5B%5D=a&tag_list%5B%5D=b&paused=true&info%5Bname%5D=n',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual(expected);
    });

    it('multipart/form-data body', async () => {
      const { payload, headers } = await multipart([
        ['token', 't'],
        ['tag_list[]', 'a'],
        ['tag_list[]', 'b'],
        ['paused', 'true'],
        ['info[name]', 'n'],
      ]);
      const response = await inject({ method: 'POST', url: '/api/v4/echo', headers, payload });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual(expected);
    });

    it('body wins over the query string', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo?token=query&paused=false',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ token: 'body' }),
      });
      expect(response.json()).toEqual({ token: 'body', paused: false });
    });

    it('DELETE with a form body (gitlab-runner unregister)', async () => {
      const response = await inject({
        method: 'DELETE',
        url: '/api/v4/echo',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'token=t',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ token: 't' });
    });

    it('a body without Content-Type is read as JSON (Grape default format)', async () => {
      const response = await inject({ method: 'POST', url: '/api/v4/echo', payload: '{"token":"t"}' });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ token: 't' });
    });

    it('an empty JSON body is no body', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo?token=t',
        headers: { 'content-type': 'application/json' },
        payload: '',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ token: 't' });
    });
  });

  describe('prototype poisoning', () => {
    it('ignores __proto__ and constructor.prototype in JSON', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"token":"t","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"info":{"__proto__":{"polluted":1},"name":"n"}}',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ token: 't', info: { name: 'n' } });
    });

    it('ignores __proto__ in form bodies and query strings', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo?__proto__[polluted]=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: '__proto__[polluted]=1&constructor[prototype][polluted]=1&token=t',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ token: 't' });
    });

    it('ignores multipart __proto__ and constructor fields, as it does in JSON and forms', async () => {
      const { payload, headers } = await multipart([
        ['__proto__', 'x'],
        ['constructor[prototype][admin]', 'true'],
        ['token', 't'],
      ]);
      const response = await inject({ method: 'POST', url: '/api/v4/echo', headers, payload });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ token: 't' });
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('answers a multipart body without a boundary, or cut short, with a GitLab-shaped 400', async () => {
      const noBoundary = await inject({ method: 'POST', url: '/api/v4/echo', headers: { 'content-type': 'multipart/form-data' }, payload: 'token=t' });
      expect(noBoundary.statusCode).toBe(400);
      expect(noBoundary.json()).toHaveProperty('error');
      const cut = await inject({
        method: 'POST',
        url: '/api/v4/echo',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        payload: '--xyz\r\ncontent-disposition: form-data; name="token"\r\n\r\nt',
      });
      expect(cut.statusCode).toBe(400);
    });
  });

  describe('errors', () => {
    it('validation failures are 400 {"error": ...}', async () => {
      const response = await inject({ method: 'GET', url: '/api/v4/echo?paused=maybe' });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.body).toBe('{"error":"token is missing, paused is invalid"}');
    });

    it('GitLabHttpError is rendered as is', async () => {
      const response = await inject({ method: 'GET', url: '/api/v4/forbidden' });
      expect(response.statusCode).toBe(403);
      expect(response.body).toBe('{"message":"403 Forbidden - No access granted"}');
    });

    it('malformed JSON is a Grape 400, not a 500', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"token":',
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.json()).toEqual({
        error:
          "\nProblem:\n  message body does not match declared format\nResolution:\n  when specifying application/json as content-type, you must pass valid application/json in the request's 'body' ",
      });
    });

    it('malformed form encodings and query strings are 400', async () => {
      const form = await inject({
        method: 'POST',
        url: '/api/v4/echo',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'token=%zz',
      });
      expect(form.statusCode).toBe(400);
      expect(form.json()).toEqual({ error: 'invalid %-encoding (%zz)' });
      const query = await inject({ method: 'GET', url: '/api/v4/echo?a=1&a[]=2' });
      expect(query.statusCode).toBe(400);
      expect(query.json()).toEqual({ error: "expected Array (got String) for param `a'" });
    });

    it('unsupported content types are 415', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        payload: 'token=t',
      });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual({ error: "The provided content-type 'text/plain' is not supported." });
    });

    it('bodies over the limit are 413', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v4/echo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ token: 'x'.repeat(BODY_LIMIT) }),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({ message: '413 Request Entity Too Large' });
    });

    it('unknown routes and methods are GitLab’s catch-all 404', async () => {
      for (const [method, url] of [
        ['GET', '/api/v4/nope'],
        ['PUT', '/api/v4/echo'],
        ['GET', '/'],
      ] as const) {
        const response = await inject({ method, url });
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toBe('application/json');
        expect(response.body).toBe('{"error":"404 Not Found"}');
      }
    });

    it('unexpected errors are 500 {"message":"500 Internal Server Error"}, logged without the body', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const response = await inject({
        method: 'POST',
        url: '/api/v4/boom?private_token=secret-query',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ token: 'secret-body' }),
      });
      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.body).toBe('{"message":"500 Internal Server Error"}');
      expect(logged).toHaveBeenCalledTimes(1);
      const logText = JSON.stringify(logged.mock.calls);
      expect(logText).toContain('POST /api/v4/boom failed');
      expect(logText).toContain('kaboom');
      expect(logText).not.toContain('secret');
    });
  });

  describe('pagination over HTTP', () => {
    it('sets the headers and builds links from the Host header, echoing route and query params', async () => {
      const response = await inject({
        method: 'GET',
        url: '/api/v4/items/g1?per_page=20&page=2&type=a',
        headers: { host: 'gitlab.test:8080' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.json()).toHaveLength(20);
      expect(response.headers['x-total']).toBe('45');
      expect(response.headers['x-total-pages']).toBe('3');
      expect(response.headers['x-next-page']).toBe('3');
      expect(response.headers['x-prev-page']).toBe('1');
      expect(response.headers.link).toBe(
        [
          '<http://gitlab.test:8080/api/v4/items/g1?group=g1&page=1&per_page=20&type=a>; rel="prev"',
          '<http://gitlab.test:8080/api/v4/items/g1?group=g1&page=3&per_page=20&type=a>; rel="next"',
          '<http://gitlab.test:8080/api/v4/items/g1?group=g1&page=1&per_page=20&type=a>; rel="first"',
          '<http://gitlab.test:8080/api/v4/items/g1?group=g1&page=3&per_page=20&type=a>; rel="last"',
        ].join(', '),
      );
    });

    it('per_page=0 is refused by the declared params', async () => {
      const response = await inject({ method: 'GET', url: '/api/v4/items/g1?per_page=0' });
      expect(response.statusCode).toBe(400);
      expect(response.body).toBe('{"error":"per_page has a value not allowed"}');
    });
  });
});
