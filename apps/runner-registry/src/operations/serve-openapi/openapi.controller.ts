import { Controller, Get, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildOpenApiDocument, describeRoute, servedRoutes } from '@app/http';
import { API_ENTITY_SCHEMAS } from '@app/api/api-entities.schema';
import { GITLAB_VERSION } from '@app/api/gitlab-version';

describeRoute('GET', '/api/v4/openapi.json', {
  summary: 'This document',
  tag: 'operations',
  auth: 'none',
  responses: { 200: { description: 'The OpenAPI 3.1 document of every route served', schema: { type: 'object' } } },
});

const INFO = {
  title: 'runner-registry: GitLab Runners API (v4)',
  version: GITLAB_VERSION,
  description: [
    `GitLab's Runners REST API as GitLab ${GITLAB_VERSION} serves it, with GitLab's paths, status codes and error bodies, plus a few extensions (bulk deletion, runner history, job events).`,
    'Params arrive as JSON, form-urlencoded or multipart bodies or in the query string, parsed as Rack and Grape parse them (`tag_list[]=a&tag_list[]=b` or `tag_list=a,b`, `info[name]=x`).',
    'Every param is coerced as Grape coerces it (`"1"`, `"true"`, `"yes"` are a boolean…) before it is checked; invalid params get 400 `{"error": "…"}` with Grape\'s messages in its order.',
  ].join('\n\n'),
};

/**
 * `GET /api/v4/openapi.json`, without authentication: the document names routes and params, no
 * data. Built on the first request, once every route (controllers and direct routes) is
 * declared, from the routes Fastify recorded and the params classes they validate with.
 */
@Controller('api/v4')
export class OpenApiController {
  private document: string | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Get('openapi.json')
  openapi(@Res() reply: FastifyReply): void {
    this.document ??= JSON.stringify(buildOpenApiDocument(servedRoutes(this.adapterHost.httpAdapter.getInstance<FastifyInstance>()), INFO, API_ENTITY_SCHEMAS));
    void reply.header('cache-control', 'no-cache').serializer((body: unknown) => body as string).send(this.document);
  }
}
