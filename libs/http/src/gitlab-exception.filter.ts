/**
 * Renders every failure the way GitLab's Grape API would, so no Nest or Fastify error
 * shape ever reaches a client.
 *
 * Choices where GitLab gives no direct answer (its proxy layers reject first):
 * - body over the limit (Fastify's bodyLimit, multipart limits): 413
 *   {"message":"413 Request Entity Too Large"}, the text of GitLab's `file_too_large!`, with the
 *   connection kept while the rest of the body is discarded (connection-errors.ts);
 * - undeclared content type: 415 with Grape's Formatter text;
 * - malformed JSON: 400 with Grape's InvalidMessageBody text (`{"error": ...}`);
 * - malformed query/form encodings: 400 {"error": "<Rack's message>"};
 * - any other 4xx raised by Fastify or Nest: {"error": "<status> <reason phrase>"};
 * - a Nest route miss (any method): GitLab's catch-all 404 {"error":"404 Not Found"};
 * - a command that kept losing the optimistic-concurrency race (ConcurrencyConflictError): 409, as
 *   GitLab answers a stale object error. Only the HTTP edge knows it is a 409: the same commands
 *   come from Kafka (redelivered) and timers (retried on their next tick).
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ConcurrencyConflictError } from '@app/event-store/command/decider-command';
import {
  conflict,
  GitLabHttpError,
  internalServerError,
  malformedBody,
  payloadTooLarge,
  rawError,
  routeNotFound,
  unsupportedMediaType,
} from './gitlab-errors';
import { ParamsParseError } from './rack-params';
import { lingerOverLimitBody } from './connection-errors';

@Catch()
export class GitLabExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('GitLabExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    renderFailure(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

/** What the filter does, for routes served by Fastify directly (outside Nest's pipeline). */
export function renderFailure(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const error = toGitLabError(exception, request);
  if (error.status >= 500) logFailure(exception, request, logger);
  sendGitLabError(reply, error);
}

/** Logs the method and path only: bodies and query strings carry tokens. */
function logFailure(exception: unknown, request: FastifyRequest, logger: Logger): void {
  const path = (request?.url ?? '').split('?', 1)[0];
  const detail = exception instanceof Error ? (exception.stack ?? `${exception.name}: ${exception.message}`) : String(exception);
  logger.error(`${request?.method} ${path} failed`, detail);
}

export function sendGitLabError(reply: FastifyReply, error: GitLabHttpError): void {
  if (reply.sent) return;
  if (error.status === 413) lingerOverLimitBody(reply.request, reply);
  reply.status(error.status);
  if (error.headers) reply.headers(error.headers);
  reply.header('content-type', 'application/json').send(error.body);
}

export function toGitLabError(exception: unknown, request?: Pick<FastifyRequest, 'headers'>): GitLabHttpError {
  if (exception instanceof GitLabHttpError) return exception;
  if (exception instanceof ParamsParseError) return rawError(400, exception.message);
  if (exception instanceof ConcurrencyConflictError) return conflict();
  if (exception instanceof NotFoundException) return routeNotFound();
  if (exception instanceof HttpException) return fromStatus(exception.getStatus(), request);
  const fastifyStatus = clientErrorStatus(exception);
  if (fastifyStatus !== null) return fromFastifyError(exception as { code?: unknown }, fastifyStatus, request);
  return internalServerError();
}

/** Fastify and its plugins signal client errors with a 4xx `statusCode` on the error. */
function clientErrorStatus(exception: unknown): number | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const status = (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

function fromFastifyError(error: { code?: unknown }, status: number, request?: Pick<FastifyRequest, 'headers'>): GitLabHttpError {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return malformedBody('application/json');
  }
  return fromStatus(status, request);
}

function fromStatus(status: number, request?: Pick<FastifyRequest, 'headers'>): GitLabHttpError {
  if (status === 404) return routeNotFound();
  if (status === 413) return payloadTooLarge();
  if (status === 415) return unsupportedMediaType(mediaTypeOf(request));
  if (status >= 400 && status < 500) return rawError(status, `${status} ${STATUS_CODES[status] ?? 'Error'}`);
  return internalServerError();
}

/** Rack's Request#media_type: the content type before any parameters, lowercased. */
export function mediaTypeOf(request?: Pick<FastifyRequest, 'headers'>): string {
  const header = request?.headers?.['content-type'];
  if (typeof header !== 'string') return '';
  return header.split(/[;,]/, 1)[0].trim().toLowerCase();
}
