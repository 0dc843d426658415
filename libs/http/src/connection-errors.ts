/**
 * Failures that happen before, beside or after Fastify's request pipeline, answered in GitLab's
 * shapes instead of Fastify's `{"error","message","statusCode"}` or a dropped connection:
 *
 * - broken framing (an invalid Content-Length, bad header bytes, an unknown method): Node's HTTP
 *   parser gives up and Fastify's clientErrorHandler answers; here `400 {"message":"400 Bad Request"}`,
 *   GitLab's `bad_request!` (408 and 431 keep their status, with the same shape);
 * - a path Fastify's router cannot decode (FST_ERR_BAD_URL): 400 likewise; a path parameter over
 *   the router's length limit (FST_ERR_MAX_PARAM_LENGTH): GitLab's catch-all 404;
 * - `CONNECT`, which Node hands to a `connect` listener or else drops: GitLab's catch-all 404;
 * - a body over the limit: the 413 leaves the connection open while Node discards the rest of the
 *   body by its framing (a lingering close, as nginx does), so a client that writes its whole
 *   body before reading sees the 413 rather than a reset.
 */
import type { Socket } from 'node:net';
import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GitLabErrorBody } from './gitlab-errors';
import { apiError, GitLabHttpError, routeNotFound } from './gitlab-errors';

/** How long a connection may go on delivering the rest of an over-limit body before it is cut (nginx's lingering_time). */
export const LINGER_MS = 30_000;

/** GitLab's `bad_request!` without a reason: `{"message":"400 Bad Request"}`. */
export function plainBadRequest(): GitLabHttpError {
  return apiError(400, '400 Bad Request');
}

/** Fastify's clientErrorHandler: the request could not be parsed, so the answer is written to the socket as is. */
export function gitLabClientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  if (socket.writable) socket.end(rawResponse(status, { message: `${status} ${STATUS_CODES[status]}` }));
  // The parser is broken for this connection: whatever else arrives is not read.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Fastify's frameworkErrors: routing failures raised before any route or hook runs. */
export function gitLabFrameworkErrors(error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const answer = error.code === 'FST_ERR_BAD_URL' ? plainBadRequest() : routeNotFound();
  // An object through its own serializer: a string would get Fastify's `; charset=utf-8` appended.
  reply.status(answer.status).header('content-type', 'application/json').serializer(JSON.stringify).send(answer.body);
}

/** Node drops a CONNECT it has no listener for; this registry proxies nothing, so it is an unknown route. */
export function answerConnect(server: Server): void {
  server.on('connect', (_request: IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawResponse(404, routeNotFound().body));
  });
}

/**
 * Called as a 413 is sent: Fastify asks for `connection: close`, which would close the socket
 * with the rest of the body unread (a reset for the client). Keeping the connection lets Node
 * discard the rest by the request's own framing; a body still arriving after LINGER_MS is cut off.
 */
export function lingerOverLimitBody(request: FastifyRequest | undefined, reply: FastifyReply): void {
  const raw = request?.raw;
  if (!raw || raw.complete) return;
  reply.removeHeader('connection');
  const socket = raw.socket;
  const timer = setTimeout(() => {
    if (!raw.complete) socket.destroy();
  }, LINGER_MS);
  timer.unref();
  raw.once('end', () => clearTimeout(timer));
  socket.once('close', () => clearTimeout(timer));
  raw.resume();
}

function rawResponse(status: number, body: GitLabErrorBody): string {
  const json = JSON.stringify(body);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`
  );
}
