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
import fastifyMultipart from '@fastify/multipart';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { GitLabHttpError, malformedBody, payloadTooLarge, rawError, unsupportedMediaType } from './gitlab-errors';
import { GitLabExceptionFilter, mediaTypeOf } from './gitlab-exception.filter';
import { createParamHash, normalizePairs, ParamHash, PARAMS_LIMIT, parseNestedQuery, ParamsParseError } from './rack-params';
import { sanitizeJson } from './request-params';

export const BODY_LIMIT = 1024 * 1024;

const QUERY_ERROR = Symbol('gitlab.queryError');

type ContentParserDone = (error: Error | null, body?: unknown) => void;

export function createFastifyAdapter(options: FastifyServerOptions = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    ...options,
    routerOptions: { ...options.routerOptions, querystringParser: parseQueryForFastify },
  });
  const instance = adapter.getInstance() as unknown as FastifyInstance;
  instance.addHook('onRequest', rejectMalformedQuery);
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

/** Callback-style hooks: an async hook costs a promise on every request, and these run on all of them. */
function rejectMalformedQuery(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  const error = (request.query as Record<symbol, unknown> | undefined)?.[QUERY_ERROR];
  done(error ? (error as Error) : undefined);
}

function registerBodyParsers(adapter: FastifyAdapter, instance: FastifyInstance): void {
  const parseJson = instance.getDefaultJsonParser('remove', 'remove');
  const jsonBody = (raw: Buffer, done: ContentParserDone) => {
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

  // useBodyParser also tells Nest not to install its own json/urlencoded parsers at init.
  adapter.useBodyParser('application/json', false, { bodyLimit: BODY_LIMIT }, (_req, raw, done) => jsonBody(raw as Buffer, done));
  adapter.useBodyParser('application/x-www-form-urlencoded', false, { bodyLimit: BODY_LIMIT }, (_req, raw, done) => {
    try {
      done(null, parseNestedQuery((raw as Buffer).toString('utf8')));
    } catch (error) {
      done(error as Error);
    }
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
 * Call before `app.init()`/`app.listen()`: global filter, multipart support and the
 * response content type. Routes registered by Nest afterwards inherit the hooks.
 */
export async function configureGitLabApp(app: NestFastifyApplication): Promise<void> {
  app.useGlobalFilters(new GitLabExceptionFilter());
  await app.register(fastifyMultipart as never, {
    limits: { fieldSize: BODY_LIMIT, fields: PARAMS_LIMIT, fileSize: BODY_LIMIT, files: 100, parts: PARAMS_LIMIT },
  });
  const instance = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  instance.addHook('preValidation', (request, reply, done) => {
    if (!request.isMultipart()) return done();
    multipartFieldsToBody(request, reply).then(() => done(), done);
  });
  instance.addHook('onSend', exactJsonContentType);
}

/**
 * @fastify/multipart leaves the body unparsed; Rack turns every field into a param (with
 * bracket notation) and we ignore file parts, which no runner endpoint accepts.
 * Field names that shadow Object.prototype members (`__proto__`, `constructor`, ...)
 * are refused by the plugin itself: those requests get 400 instead of being ignored.
 */
async function multipartFieldsToBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const fields: [string, string][] = [];
  let bytes = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        part.file.resume();
        continue;
      }
      const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
      bytes += Buffer.byteLength(value) + Buffer.byteLength(part.fieldname);
      if (bytes > BODY_LIMIT) throw payloadTooLarge();
      fields.push([part.fieldname, value]);
    }
    request.body = normalizePairs(fields);
  } catch (error) {
    // The rest of the upload may still be in flight: do not reuse this connection.
    reply.header('connection', 'close');
    throw toMultipartError(error);
  }
}

function toMultipartError(error: unknown): GitLabHttpError {
  if (error instanceof GitLabHttpError) return error;
  if (error instanceof ParamsParseError) return rawError(400, error.message);
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (status === 413) return payloadTooLarge();
  if (typeof status === 'number' && status >= 400 && status < 500) return rawError(400, (error as Error).message);
  return malformedBody('multipart/form-data');
}

/** Grape declares `content_type :json, 'application/json'`: no charset parameter. */
function exactJsonContentType(_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  const type = reply.getHeader('content-type');
  if (typeof type === 'string' && type !== 'application/json' && type.startsWith('application/json')) {
    reply.header('content-type', 'application/json');
  }
  done(null, payload);
}
