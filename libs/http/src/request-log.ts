import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { RequestLine } from '@app/common/service-logger';
import { readLaneOf } from './read-lane';

/** What is told of every request once its response is sent, besides the log line (metrics). */
export type RequestObserver = (line: RequestLine) => void;

/**
 * The request log and the request metrics, told of every request once its response is sent: by one
 * onResponse hook, and by the read lane for the reads it answers (see ReadLane). The log: one line
 * per request: method, route pattern (never the URL: its query string may hold a token), status,
 * duration in ms and request id; headers and bodies are never logged. Without a log and without
 * an observer nothing is installed, so it costs nothing.
 */
export function installRequestLog(fastify: FastifyInstance, log: ((line: RequestLine) => void) | undefined, observe?: RequestObserver): void {
  if (!log && !observe) return;
  const report = (line: RequestLine) => {
    observe?.(line);
    log?.(line);
  };
  readLaneOf(fastify)?.onServed(report);
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    report({
      requestId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    });
    done();
  });
}
