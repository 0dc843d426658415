import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import type { RequestLine } from '@app/common/service-logger';
import { notFound } from './gitlab-errors';
import { registerHotRead } from './direct-route';
import { ReadLane, readLaneOf, serverWithReadLane, type ReadRequest } from './read-lane';

/** A real server on a real port: the lane sits in front of Fastify's handler, which inject() never reaches. */
describe('ReadLane', () => {
  let fastify: FastifyInstance;
  let base: string;
  const lane = new ReadLane();
  const served: RequestLine[] = [];
  /** Requests that reached Fastify's pipeline (its onRequest hook). */
  const viaFastify: string[] = [];
  const answered: ReadRequest[] = [];

  beforeAll(async () => {
    fastify = Fastify({ serverFactory: serverWithReadLane(lane) });
    fastify.addHook('onRequest', (request, reply, done) => {
      viaFastify.push(`${request.method} ${request.url}`);
      reply.header('content-type', 'application/json');
      done();
    });
    lane.onServed((line) => served.push(line));
    const logger = new Logger('read-lane-spec');
    registerHotRead(
      fastify,
      '/things/:id',
      (request) => {
        answered.push(request);
        const id = Number((request.params as { id: string }).id);
        if (id > 100) throw notFound('Thing');
        return { id, who: request.headers['private-token'] ?? null };
      },
      logger,
    );
    fastify.get('/things/all', async () => ({ all: true }));
    registerHotRead(fastify, '/nothing/:id', () => undefined, logger);
    const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
    base = address;
  });
  afterAll(() => fastify.close());
  beforeEach(() => {
    served.length = 0;
    viaFastify.length = 0;
    answered.length = 0;
  });

  it('answers a plain GET itself, with the pipeline’s headers, and tells the request log', async () => {
    const response = await fetch(`${base}/things/7`, { headers: { 'private-token': 'secret-7', 'x-request-id': 'req-7' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 7, who: 'secret-7' });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('req-7');
    expect(viaFastify).toEqual([]);
    expect(answered.map((r) => [r.method, r.params, r.query, r.body])).toEqual([['GET', { id: '7' }, undefined, undefined]]);
    expect(served).toEqual([{ requestId: 'req-7', method: 'GET', route: '/things/:id', status: 200, durationMs: expect.any(Number) }]);
  });

  it('leaves a failing answer to Fastify, which renders it from the same answer', async () => {
    const response = await fetch(`${base}/things/101`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: '404 Thing Not Found' });
    expect(viaFastify).toEqual(['GET /things/101']);
    expect(answered).toHaveLength(2);
    expect(served).toEqual([]);
  });

  it.each([
    ['a query string', 'GET', '/things/7?x=1'],
    ['a segment that is not an id', 'GET', '/things/all'],
    ['an encoded segment', 'GET', '/things/%37'],
    ['a HEAD', 'HEAD', '/things/7'],
  ])('leaves %s to Fastify', async (_case, method, path) => {
    await fetch(`${base}${path}`, { method });
    expect(viaFastify).toEqual([`${method} ${path}`]);
    expect(served).toEqual([]);
  });

  it('leaves an answer without a body to Fastify', async () => {
    await fetch(`${base}/nothing/1`);
    expect(viaFastify).toEqual(['GET /nothing/1']);
  });

  it('leaves a GET with a body to Fastify', async () => {
    await rawGetWithBody(fastify, '/things/7');
    expect(viaFastify).toEqual(['GET /things/7']);
  });

  it('answers pipelined requests in their order, taken or not', async () => {
    const paths = ['/things/1', '/things/all', '/things/101', '/things/2'];
    const responses = await pipelined(fastify, paths);
    expect(responses).toEqual([
      { status: 200, body: { id: 1, who: null } },
      { status: 200, body: { all: true } },
      { status: 404, body: { message: '404 Thing Not Found' } },
      { status: 200, body: { id: 2, who: null } },
    ]);
    expect(viaFastify).toEqual(['GET /things/all', 'GET /things/101']);
    expect(served.map((line) => line.route)).toEqual(['/things/:id', '/things/:id']);
    // The connection still carries answers afterwards, the lane's and Fastify's.
    expect(await pipelined(fastify, ['/things/all', '/things/3'])).toEqual([
      { status: 200, body: { all: true } },
      { status: 200, body: { id: 3, who: null } },
    ]);
  });

  it('answers every request taken in one turn, over many connections at once', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    const bodies = await Promise.all(ids.map(async (id) => (await fetch(`${base}/things/${id}`)).json()));
    expect(bodies).toEqual(ids.map((id) => ({ id, who: null })));
    expect(viaFastify).toEqual([]);
    expect(served).toHaveLength(ids.length);
  });

  it('keeps Fastify’s server timeouts', () => {
    expect(fastify.server.keepAliveTimeout).toBe(72_000);
    expect(fastify.server.requestTimeout).toBe(0);
    expect(readLaneOf(fastify)).toBe(lane);
  });

  it('sends everything to Fastify once closed', async () => {
    const closed = new ReadLane();
    const other = Fastify({ serverFactory: serverWithReadLane(closed) });
    const seen: string[] = [];
    other.addHook('onRequest', (request, _reply, done) => (seen.push(request.url), done()));
    registerHotRead(other, '/things/:id', () => ({ ok: true }), new Logger('read-lane-spec'));
    await other.listen({ port: 0, host: '127.0.0.1' });
    try {
      closed.close();
      const response = await fetch(`http://127.0.0.1:${(other.server.address() as AddressInfo).port}/things/1`);
      expect([response.status, seen]).toEqual([200, ['/things/1']]);
    } finally {
      await other.close();
    }
  });
});

/** A GET with a two-byte body, written on a socket (fetch will not send one). */
async function rawGetWithBody(fastify: FastifyInstance, path: string): Promise<void> {
  const { port } = fastify.server.address() as AddressInfo;
  const { connect } = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`));
    socket.on('data', () => undefined);
    socket.on('end', () => resolve());
    socket.on('error', reject);
  });
}

/** GETs written at once on one connection (HTTP pipelining); their responses' statuses and JSON bodies, in order. */
async function pipelined(fastify: FastifyInstance, paths: readonly string[]): Promise<{ status: number; body: unknown }[]> {
  const { port } = fastify.server.address() as AddressInfo;
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const responses: { status: number; body: unknown }[] = [];
    let received = Buffer.alloc(0);
    const socket = connect(port, '127.0.0.1', () => socket.write(paths.map((path) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`).join('')));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      for (;;) {
        const headEnd = received.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = received.subarray(0, headEnd).toString('latin1');
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1]);
        if (received.length < headEnd + 4 + length) return;
        responses.push({ status: Number(head.split(' ')[1]), body: JSON.parse(received.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8')) });
        received = received.subarray(headEnd + 4 + length);
        if (responses.length === paths.length) {
          socket.end();
          resolve(responses);
          return;
        }
      }
    });
    socket.on('error', reject);
  });
}
