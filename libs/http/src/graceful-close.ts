import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

const IDLE_SWEEP_MS = 50;
/** A connection that has sent nothing for this long is not about to send a request. */
const SILENT_MS = 1000;

const silentCandidates = new WeakMap<Server, Map<Socket, number>>();

/**
 * Remembers the open connections with when they came, to find those that never sent a byte. Node's
 * closeIdleConnections leaves those open (they are not idle after a request), and browsers and
 * HTTP clients open such spare connections ahead of need (Chrome's preconnect; undici after an
 * aborted fetch): each would hold a graceful close up for its whole timeout.
 */
export function trackSilentConnections(server: Server): void {
  const silent = new Map<Socket, number>();
  silentCandidates.set(server, silent);
  server.on('connection', (socket: Socket) => {
    // No 'data' listener: the HTTP parser reads the socket's handle directly; bytesRead still counts.
    silent.set(socket, Date.now());
    socket.once('close', () => silent.delete(socket));
  });
}

/** Destroys the connections that have been silent since they opened: nothing was ever asked, so nothing is left unanswered. */
function closeSilentConnections(server: Server): void {
  const silent = silentCandidates.get(server);
  if (!silent) return;
  const before = Date.now() - SILENT_MS;
  for (const [socket, since] of silent) if (since <= before && socket.bytesRead === 0) socket.destroy();
}

/**
 * Stops accepting connections and lets the requests in flight finish, for at most `timeoutMs`; then
 * cuts the connections still open. Connections that never sent a byte are closed once a second
 * old (see trackSilentConnections). Fastify closes idle keep-alive connections at once and answers a
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
  const sweeper = setInterval(() => {
    fastify.server.closeIdleConnections();
    closeSilentConnections(fastify.server);
  }, IDLE_SWEEP_MS);
  const finished = await Promise.race([closed, timedOut]);
  clearInterval(sweeper);
  clearTimeout(timer);
  if (!finished) {
    fastify.server.closeAllConnections();
    await closed;
  }
  return finished;
}
