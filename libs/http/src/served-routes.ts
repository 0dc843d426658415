import type { FastifyInstance, RouteOptions } from 'fastify';

export interface ServedRoute {
  readonly method: string;
  /** Fastify's pattern: `/api/v4/runners/:id`. */
  readonly url: string;
}

const routesByServer = new WeakMap<FastifyInstance, ServedRoute[]>();

/**
 * Records every route as it is declared, Nest's controllers and the direct routes alike, so the
 * OpenAPI document and its test can be checked against what the server really answers (HEAD
 * routes Fastify adds beside GETs included). Call before any route is declared.
 */
export function recordServedRoutes(fastify: FastifyInstance): void {
  const routes: ServedRoute[] = [];
  routesByServer.set(fastify, routes);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      routes.push({ method, url: route.url });
    }
  });
}

export function servedRoutes(fastify: FastifyInstance): readonly ServedRoute[] {
  return routesByServer.get(fastify) ?? [];
}
