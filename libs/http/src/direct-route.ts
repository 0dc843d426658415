import type { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { renderFailure } from './gitlab-exception.filter';
import { readLaneOf, type ReadAnswer } from './read-lane';

/** Answers a request synchronously with the response body (serialised as JSON), or throws a GitLab error. */
export type DirectRouteAnswer = (request: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * A route served by Fastify directly instead of through Nest's per-request pipeline (guards,
 * interceptors, pipes and their promises: about a tenth of a small read's CPU, measured on
 * GET /runners/:id). For the few endpoints that fleets and dashboards call hardest; everything
 * else stays a Nest controller.
 * Hooks, parsers, serialisation and GitLab's error bodies are the same as for any controller:
 * failures render through renderFailure, as the global exception filter does.
 */
export function registerDirectRoute(fastify: FastifyInstance, method: HTTPMethods, url: string, answer: DirectRouteAnswer, logger: Logger): void {
  fastify.route({
    method,
    url,
    handler: (request, reply) => {
      let body: unknown;
      try {
        body = answer(request, reply);
      } catch (error) {
        renderFailure(error, request, reply, logger);
        return;
      }
      reply.send(body);
    },
  });
}

/**
 * A direct GET route whose answer is a pure read of the request's headers and path params: also
 * answered from the read lane when the instance has one (see ReadLane), Fastify serving the rest.
 */
export function registerHotRead(fastify: FastifyInstance, url: string, answer: ReadAnswer, logger: Logger): void {
  registerDirectRoute(fastify, 'GET', url, answer, logger);
  readLaneOf(fastify)?.add(url, answer);
}
