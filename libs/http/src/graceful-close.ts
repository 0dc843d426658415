import type { FastifyInstance } from 'fastify';

const IDLE_SWEEP_MS = 50;

/**
 * Stops accepting connections and lets the requests in flight finish, for at most `timeoutMs`; then
 * cuts the connections still open. Fastify closes idle keep-alive connections at once and answers a
 * request that arrives on a busy one meanwhile with 503 and `Connection: close`, so a client is
 * either answered in full or never acknowledged. Resolves true when everything finished in time.
 */
export async function closeGracefully(fastify: FastifyInstance, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const closed = fastify.close().then(() => true as const);
  // Fastify closes the connections idle when the close begins; one busy then stays open, kept alive
  // (Fastify's keepAliveTimeout is 72 s), after its response. Closing the idle ones as they come lets
  // the server close as soon as the last response is out.
  const sweeper = setInterval(() => fastify.server.closeIdleConnections(), IDLE_SWEEP_MS);
  const finished = await Promise.race([closed, timedOut]);
  clearInterval(sweeper);
  clearTimeout(timer);
  if (!finished) {
    fastify.server.closeAllConnections();
    await closed;
  }
  return finished;
}
