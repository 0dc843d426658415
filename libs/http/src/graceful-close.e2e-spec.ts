import Fastify from 'fastify';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { closeGracefully, trackSilentConnections } from './graceful-close';

/** closeGracefully on a real socket: connections that never sent a request must not hold it up. */
describe('closeGracefully', () => {
  const open = async () => {
    const fastify = Fastify();
    trackSilentConnections(fastify.server);
    fastify.get('/', async () => ({ ok: true }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    return { fastify, port: (fastify.server.address() as AddressInfo).port };
  };
  const connected = (port: number) =>
    new Promise<Socket>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', () => undefined);
    });

  it('closes a connection that never sent a byte (a preconnect) within about a second, not at the timeout', async () => {
    const { fastify, port } = await open();
    const spare = await connected(port);
    const closed = new Promise((resolve) => spare.once('close', resolve));
    const started = Date.now();
    expect(await closeGracefully(fastify, 10_000)).toBe(true);
    await closed;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives a fresh connection a second to ask: a request sent meanwhile is answered (503, Connection: close), not cut', async () => {
    const { fastify, port } = await open();
    const socket = await connected(port);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    const closing = closeGracefully(fastify, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await closing).toBe(true);
    await ended;
    expect(answer).toMatch(/^HTTP\/1.1 503/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});
