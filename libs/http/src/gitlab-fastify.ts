/**
 * Fastify wiring that makes requests reach controllers the way they reach GitLab's Grape
 * endpoints: Rack-style query and form parsing, JSON as the default format, 415 for
 * other content types, multipart fields as params, GitLab error bodies everywhere.
 *
 * Body rules (Grape's Formatter middleware):
 * - JSON, urlencoded and multipart bodies are parsed for POST/PUT/PATCH/DELETE (GitLab's
 *   runner-facing DELETE /runners takes `token` from a form or JSON body); Fastify never
 *   parses GET/HEAD bodies and Grape ignores them as well;
 * - an empty body is no body, whatever the content type says;
 * - a body without Content-Type is parsed as JSON (Grape's default format);
 * - any other content type → 415;
 * - `__proto__` keys are dropped everywhere; `constructor.prototype` is removed by
 *   Fastify's poisoning options, and parsed hashes have no prototype at all.
 */
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { GitLabHttpError, malformedBody, payloadTooLarge, rawError, unsupportedMediaType } from './gitlab-errors';
import { GitLabExceptionFilter, mediaTypeOf } from './gitlab-exception.filter';
import { answerConnect, gitLabClientErrorHandler, gitLabFrameworkErrors } from './connection-errors';
import { createParamHash, normalizePairs, ParamHash, PARAMS_LIMIT, parseNestedQuery, ParamsParseError } from './rack-params';
import { parseMultipartParams } from './multipart-params';
import { sanitizeJson } from './request-params';
import { requestIdOf } from './request-id';
import { trackSilentConnections } from './graceful-close';
import { recordServedRoutes } from './served-routes';
import { ReadLane, serverWithReadLane } from './read-lane';

export const BODY_LIMIT = 1024 * 1024;
/** Longest path parameter the router matches; Node's 16 KiB header limit bounds the whole URL anyway. */
export const MAX_PARAM_LENGTH = 4096;

const QUERY_ERROR = Symbol('gitlab.queryError');

export type ContentParserDone = (error: Error | null, body?: unknown) => void;

export function createFastifyAdapter(options: FastifyServerOptions = {}): FastifyAdapter {
  const lane = new ReadLane();
  const adapter = new FastifyAdapter({
    // No Nest middleware is used: without middie, no request pays for a middleware runner it never needs.
    skipMiddie: true,
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    clientErrorHandler: gitLabClientErrorHandler,
    frameworkErrors: gitLabFrameworkErrors,
    genReqId: requestIdOf,
    // The hottest reads are answered before Fastify's pipeline when they can be (see ReadLane).
    serverFactory: serverWithReadLane(lane),
    ...options,
    // A project's URL-encoded full path (`group%2Fsub%2Fproject`) easily passes the default 100.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, ...options.routerOptions, querystringParser: parseQueryForFastify },
  });
  const instance = adapter.getInstance() as unknown as FastifyInstance;
  answerConnect(instance.server);
  trackSilentConnections(instance.server);
  instance.addHook('onRequest', prepareRequest);
  // A closing server answers what still comes on a busy connection with Fastify's 503.
  instance.addHook('preClose', (done) => {
    lane.close();
    done();
  });
  recordServedRoutes(instance);
  registerBodyParsers(adapter, instance);
  return adapter;
}

/**
 * Fastify calls the query parser inside its router, where a throw is not caught; the
 * error is parked on the result and raised by an onRequest hook instead.
 */
function parseQueryForFastify(query: string): ParamHash {
  try {
    return parseNestedQuery(query);
  } catch (error) {
    const failed = createParamHash();
    Object.defineProperty(failed, QUERY_ERROR, { value: error, enumerable: false });
    return failed;
  }
}

const serializeJson = (payload: unknown): string => JSON.stringify(payload);

/**
 * The one hook on every request, callback-style (an async hook costs a promise each time):
 * raises a malformed query string, presets Grape's exact `application/json` so Fastify
 * does not add its `; charset=utf-8` when it serialises a reply, and returns the request id
 * in X-Request-Id, as GitLab does.
 */
function prepareRequest(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
  reply.header('content-type', 'application/json');
  reply.header('x-request-id', request.id);
  // Only a reply with its own serializer keeps the content type exactly as set.
  reply.serializer(serializeJson);
  const error = (request.query as Record<symbol, unknown> | undefined)?.[QUERY_ERROR];
  done(error ? (error as Error) : undefined);
}

export type JsonBodyParser = (raw: Buffer, done: ContentParserDone) => void;

/**
 * How every JSON body becomes params: Fastify's poisoning-safe parser, then sanitizeJson. An
 * empty body is no body; a malformed one is GitLab's 400.
 */
export function createJsonBodyParser(instance: FastifyInstance): JsonBodyParser {
  const parseJson = instance.getDefaultJsonParser('remove', 'remove');
  return (raw, done) => {
    if (raw.length === 0) return done(null, undefined);
    parseJson(undefined as never, raw.toString('utf8'), (error, parsed) => {
      if (error) return done(malformedBody('application/json'));
      try {
        done(null, sanitizeJson(parsed));
      } catch (sanitizeError) {
        done(sanitizeError as Error);
      }
    });
  };
}

function registerBodyParsers(adapter: FastifyAdapter, instance: FastifyInstance): void {
  const jsonBody = createJsonBodyParser(instance);

  // useBodyParser also tells Nest not to install its own json/urlencoded parsers at init.
  adapter.useBodyParser('application/json', false, { bodyLimit: BODY_LIMIT }, (_req, raw, done) => jsonBody(raw as Buffer, done));
  adapter.useBodyParser('application/x-www-form-urlencoded', false, { bodyLimit: BODY_LIMIT }, (_req, raw, done) => {
    try {
      done(null, parseNestedQuery((raw as Buffer).toString('utf8')));
    } catch (error) {
      done(error as Error);
    }
  });

  instance.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    parseMultipartParams(request, payload, BODY_LIMIT).then((params) => done(null, params), (error: Error) => done(error));
  });

  // Grape only understands JSON and forms; text/plain must not sneak through as a string.
  instance.removeContentTypeParser('text/plain');
  instance.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (request, raw, done) => {
    if ((raw as Buffer).length === 0) return done(null, undefined);
    if (request.headers['content-type'] === undefined) return jsonBody(raw as Buffer, done);
    done(unsupportedMediaType(mediaTypeOf(request)));
  });
}

/**
 * Call before `app.init()`/`app.listen()`: the global filter. Everything else is wired in
 * createFastifyAdapter, as parsers and one cheap onRequest hook: every hook runs on every request.
 */
export async function configureGitLabApp(app: NestFastifyApplication): Promise<void> {
  app.useGlobalFilters(new GitLabExceptionFilter());
}
