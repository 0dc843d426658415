import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { RequestLine } from '@app/common/service-logger';

/** What an incoming X-Request-Id may be to be honoured (GitLab's are ULIDs, a proxy's often UUIDs): no spaces or controls, at most 128 characters. */
const ACCEPTABLE_REQUEST_ID = /^[\w.:/+=@-]{1,128}$/;

/**
 * Fastify's genReqId: the caller's X-Request-Id when it is an acceptable one (a proxy or GitLab in
 * front already named the request), else a fresh UUID. The id is returned in X-Request-Id, as GitLab
 * does, and becomes the correlation id of the events the request causes.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** What is told of every request once its response is sent, besides the log line (metrics). */
export type RequestObserver = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * One onResponse hook for the request log and the request metrics. The log: one line per request,
 * when the response has been sent: method, route pattern (never the URL: its query string may hold
 * a token), status, duration in ms and request id; headers and bodies are never logged. Without a
 * log and without an observer no hook is installed, so it costs nothing.
 */
export function installRequestLog(fastify: FastifyInstance, log: ((line: RequestLine) => void) | undefined, observe?: RequestObserver): void {
  if (!log && !observe) return;
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    observe?.(request, reply);
    log?.({
      requestId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    });
    done();
  });
}
