import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeRoute } from '@app/http';
import { defaultBundleDir, loadConsoleBundle, type ConsoleBundle } from './console-bundle';

export const CONSOLE_PATH = '/admin/runners';

const CONSOLE_PAGE = {
  tag: 'console',
  auth: 'none',
  responses: { 200: { description: 'The console: an HTML page, or one of its hashed assets', contentType: 'text/html', schema: { type: 'string' } } },
  errors: { 404: 'no such asset, or the console was not built' },
} as const;
describeRoute('GET', CONSOLE_PATH, { summary: 'The fleet console (sign in with a personal access token)', ...CONSOLE_PAGE });
describeRoute('GET', `${CONSOLE_PATH}/`, { summary: 'The fleet console', ...CONSOLE_PAGE });
describeRoute('GET', `${CONSOLE_PATH}/*`, { summary: "The fleet console's pages (a runner's at /admin/runners/:id) and its assets", ...CONSOLE_PAGE });

/**
 * The page may talk to this origin only and be framed by nobody. uPlot and Preact set styles
 * through the CSSOM, which style-src does not govern; the chart's legend needs inline style attributes.
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The fleet console (apps/fleet-console) at GitLab's paths: `/admin/runners` and
 * `/admin/runners/:id`. Every path below answers with the app (it routes in the browser) except
 * `assets/…`, the hashed, immutable bundle files. The page holds no data and no token: it signs in
 * against the public API like any other client.
 */
@Injectable()
export class ServeConsoleRoute implements OnModuleInit {
  private readonly logger = new Logger('FleetConsole');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const bundle = loadConsoleBundle();
    if (!bundle) {
      this.logger.warn(`No fleet console bundle in ${defaultBundleDir()}: ${CONSOLE_PATH} answers 404 (npm run build makes it)`);
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const page = (_request: FastifyRequest, reply: FastifyReply) => this.index(bundle, reply);
    fastify.get(CONSOLE_PATH, page);
    fastify.get(`${CONSOLE_PATH}/`, page);
    fastify.get(`${CONSOLE_PATH}/*`, (request, reply) => this.below(bundle, request, reply));
  }

  private below(bundle: ConsoleBundle, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const rest = (request.params as { '*': string })['*'];
    if (!rest.startsWith('assets/')) return this.index(bundle, reply);
    const file = bundle.assets.get(rest);
    if (!file) return reply.code(404).send({ error: '404 Not Found' });
    // Hashed names: a new build has new names, so a browser may keep these for good.
    return reply.headers(SECURITY_HEADERS).header('content-type', file.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(file.body);
  }

  private index(bundle: ConsoleBundle, reply: FastifyReply): FastifyReply {
    return reply.headers(SECURITY_HEADERS).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(bundle.index);
  }
}
