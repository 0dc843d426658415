import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, InjectOptions } from 'fastify';
import { BODY_LIMIT, configureGitLabApp, createFastifyAdapter, createJsonBodyParser } from './gitlab-fastify';
import { renderFailure } from './gitlab-exception.filter';
import { jsonBodyFastPath } from './json-body-fast-path';

@Module({})
class EmptyModule {}

/**
 * The fast path must be invisible: `/fast` (with the hook) and `/usual` (Fastify's parsers) answer
 * every request alike, through inject and over a real socket; only plain JSON takes the hook.
 */
describe('jsonBodyFastPath', () => {
  let app: NestFastifyApplication;
  let url: string;
  let servedByHook = 0;

  const echo = (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Record<string, unknown> | undefined;
    const prototype = body !== null && typeof body === 'object' ? (Object.getPrototypeOf(body) === null ? 'none' : 'object') : typeof body;
    reply.send({ body, prototype });
  };

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(EmptyModule, createFastifyAdapter(), { logger: false });
    await configureGitLabApp(app);
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    const logger = new Logger('test');
    const onRequest = jsonBodyFastPath({
      parse: createJsonBodyParser(fastify),
      limit: BODY_LIMIT,
      handle: (request, reply) => {
        servedByHook++;
        echo(request, reply);
      },
      fail: (error, request, reply) => renderFailure(error, request, reply, logger),
    });
    fastify.post('/fast', { onRequest }, echo);
    fastify.post('/usual', echo);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const cases: Array<[string, { payload: string; headers: Record<string, string>; hook: boolean }]> = [
    ['plain JSON', { payload: '{"token":"t","info":{"name":"n"}}', headers: { 'content-type': 'application/json' }, hook: true }],
    ['JSON with a charset', { payload: '{"token":"t"}', headers: { 'content-type': 'Application/JSON; charset=utf-8' }, hook: true }],
    ['__proto__ keys', { payload: '{"__proto__":{"admin":true},"a":1}', headers: { 'content-type': 'application/json' }, hook: true }],
    ['constructor.prototype', { payload: '{"constructor":{"prototype":{"admin":true}},"a":1}', headers: { 'content-type': 'application/json' }, hook: true }],
    ['a JSON array', { payload: '[1,2]', headers: { 'content-type': 'application/json' }, hook: true }],
    ['malformed JSON', { payload: '{"token":', headers: { 'content-type': 'application/json' }, hook: true }],
    ['JSON nested too deeply', { payload: deep(80), headers: { 'content-type': 'application/json' }, hook: true }],
    ['an empty JSON body', { payload: '', headers: { 'content-type': 'application/json' }, hook: false }],
    ['a form', { payload: 'token=t&info[name]=n', headers: { 'content-type': 'application/x-www-form-urlencoded' }, hook: false }],
    ['JSON without a content type', { payload: '{"token":"t"}', headers: {}, hook: false }],
    ['text/plain', { payload: 'token', headers: { 'content-type': 'text/plain' }, hook: false }],
    ['a body over the limit', { payload: `{"a":"${'x'.repeat(BODY_LIMIT)}"}`, headers: { 'content-type': 'application/json' }, hook: false }],
  ];

  const comparable = (response: { statusCode: number; headers: Record<string, unknown>; body: string }) => ({
    status: response.statusCode,
    contentType: response.headers['content-type'],
    connection: response.headers['connection'],
    body: response.body,
  });

  it.each(cases)('answers %s exactly as the usual parsers do (inject)', async (_name, { payload, headers, hook }) => {
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    const request = (path: string): InjectOptions => ({ method: 'POST', url: path, payload, headers });
    const usual = await fastify.inject(request('/usual'));
    const before = servedByHook;
    const fast = await fastify.inject(request('/fast'));
    expect(comparable(fast)).toEqual(comparable(usual));
    expect(servedByHook - before).toBe(hook && fast.statusCode === 200 ? 1 : 0);
  });

  it('parses plain JSON into a prototype-free hash without __proto__ keys', async () => {
    const response = await fetch(`${url}/fast`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"x":1},"a":{"b":2}}' });
    expect(await response.json()).toEqual({ body: { a: { b: 2 } }, prototype: 'none' });
  });

  it('reads a body that arrives in many chunks over a real socket', async () => {
    const big = { token: 't', info: { name: 'x'.repeat(300_000) } };
    const before = servedByHook;
    const response = await fetch(`${url}/fast`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(big) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { body: typeof big }).body).toEqual(big);
    expect(servedByHook - before).toBe(1);
  });

  it('leaves a chunked body (no Content-Length) to the usual parsers', async () => {
    const before = servedByHook;
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"token":'));
        controller.enqueue(new TextEncoder().encode('"t"}'));
        controller.close();
      },
    });
    const response = await fetch(`${url}/fast`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(await response.json()).toEqual({ body: { token: 't' }, prototype: 'none' });
    expect(servedByHook).toBe(before);
  });

  it('answers a body shorter than its Content-Length with the same 400 as Fastify, closing the connection', async () => {
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    const request = (path: string): InjectOptions => ({ method: 'POST', url: path, payload: '{"a":1}', headers: { 'content-type': 'application/json', 'content-length': '20' } });
    const usual = await fastify.inject(request('/usual'));
    const fast = await fastify.inject(request('/fast'));
    expect(usual.statusCode).toBe(400);
    expect(comparable(fast)).toEqual(comparable(usual));
    expect(fast.headers['connection']).toBe('close');
  });
});
