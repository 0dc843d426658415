/**
 * A JSON body read in a route's own onRequest hook instead of by Fastify's content-type parser,
 * for a route that every runner of a fleet calls every few seconds (`POST /jobs/request`).
 *
 * Why: Fastify's parser wraps every body in an AsyncResource whose bound callback carries two
 * deprecation closures. At thousands of polls a second that is ~3 KB a request which, because 100
 * requests are in flight at any moment, mostly outlives a young-generation GC and is promoted:
 * the old generation then fills and is collected every half second, over a heap that holds the
 * whole fleet. Reading the body here allocates none of that.
 *
 * Only the plain case takes this path: `application/json`, a Content-Length within the limit and no
 * Transfer-Encoding. Anything else calls `done()` and goes through the same parsers as every other
 * route, so forms, multipart, chunked and oversized bodies behave exactly as they always did. The
 * body is parsed by the same JsonBodyParser, and failures render as the parser's would.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import { errorCodes } from 'fastify';
import type { JsonBodyParser } from './gitlab-fastify';

export type ParsedRequestHandler = (request: FastifyRequest, reply: FastifyReply) => void;
export type BodyFailureHandler = (error: Error, request: FastifyRequest, reply: FastifyReply) => void;

export interface JsonBodyFastPath {
  readonly parse: JsonBodyParser;
  readonly limit: number;
  /** Runs with `request.body` set, as the route handler would. */
  readonly handle: ParsedRequestHandler;
  readonly fail: BodyFailureHandler;
}

export function jsonBodyFastPath({ parse, limit, handle, fail }: JsonBodyFastPath): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const length = plainJsonLength(request, limit);
    if (length === undefined) return done();
    readBody(request.raw, length, (readError, raw) => {
      if (readError) return failClosing(readError, request, reply, fail);
      parse(raw!, (parseError, body) => {
        if (parseError) return failClosing(parseError, request, reply, fail);
        request.body = body;
        handle(request, reply);
      });
    });
  };
}

/** As Fastify does for a body it could not parse: the rest of the connection cannot be trusted. */
function failClosing(error: Error, request: FastifyRequest, reply: FastifyReply, fail: BodyFailureHandler): void {
  reply.header('connection', 'close');
  fail(error, request, reply);
}

/** The declared length of a plain JSON body this path can read, else undefined. */
function plainJsonLength(request: FastifyRequest, limit: number): number | undefined {
  const headers = request.headers;
  if (headers['transfer-encoding'] !== undefined) return undefined;
  if (!isJsonMediaType(headers['content-type'])) return undefined;
  const declared = headers['content-length'];
  if (declared === undefined || !/^\d{1,9}$/.test(declared)) return undefined;
  const length = Number(declared);
  return length > 0 && length <= limit ? length : undefined;
}

function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const end = contentType.indexOf(';');
  const mediaType = (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  return mediaType === 'application/json';
}

/** The body, checked against its declared length as Fastify checks it. */
function readBody(stream: IncomingMessage, expected: number, callback: (error: Error | null, raw?: Buffer) => void): void {
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let received = 0;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
  };
  const finish = (error?: Error) => {
    stream.removeListener('data', onData);
    stream.removeListener('end', finish);
    stream.removeListener('error', finish);
    if (error) return callback(asClientError(error));
    if (received !== expected) return callback(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
    callback(null, more ? Buffer.concat(more, received) : (first ?? Buffer.alloc(0)));
  };
  stream.on('data', onData);
  stream.on('end', finish);
  stream.on('error', finish);
  stream.resume();
}

/** A broken upload is the client's fault, as Fastify's own body reader treats it. */
function asClientError(error: Error & { statusCode?: number }): Error {
  if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
  return error;
}
