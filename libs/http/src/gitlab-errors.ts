/**
 * GitLab's API error bodies, byte for byte (lib/api/helpers.rb and Grape's `error!`).
 * Two families exist and clients match on them: helper errors use `message`,
 * Grape-level errors (validation, routing, parsing) use `error`.
 */

export type GitLabErrorBody = { message: unknown } | { error: string };

export class GitLabHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: GitLabErrorBody,
    readonly headers?: Record<string, string>,
  ) {
    super(describe(body));
    this.name = 'GitLabHttpError';
  }
}

function describe(body: GitLabErrorBody): string {
  if ('error' in body) return body.error;
  return typeof body.message === 'string' ? body.message : JSON.stringify(body.message);
}

/** `render_api_error!(message, status)`: message may be a string or a hash. */
export function apiError(status: number, message: unknown, headers?: Record<string, string>): GitLabHttpError {
  return new GitLabHttpError(status, { message }, headers);
}

/** Grape's `error!(string, status)`. */
export function rawError(status: number, error: string, headers?: Record<string, string>): GitLabHttpError {
  return new GitLabHttpError(status, { error }, headers);
}

export function unauthorized(): GitLabHttpError {
  return apiError(401, '401 Unauthorized');
}

export function forbidden(reason?: string): GitLabHttpError {
  return apiError(403, reason ? `403 Forbidden - ${reason}` : '403 Forbidden');
}

/** `not_found!('Runner')` → "404 Runner Not Found"; without a resource → "404 Not Found". */
export function notFound(what?: string): GitLabHttpError {
  return apiError(404, what ? `404 ${what} Not Found` : '404 Not Found');
}

/** Note GitLab's lowercase "request". */
export function badRequest(reason: string): GitLabHttpError {
  return apiError(400, `400 Bad request - ${reason}`);
}

/** `render_validation_error!(model)`: {"message":{"attr":["msg"]}}. */
export function validationFailed(errors: Record<string, string[]>): GitLabHttpError {
  return apiError(400, errors);
}

/** Grape param validation: several messages joined with ", ". */
export function paramsInvalid(messages: readonly string[]): GitLabHttpError {
  return rawError(400, messages.join(', '));
}

export function gone(reason: string): GitLabHttpError {
  return apiError(410, `410 Gone - ${reason}`);
}

export function conflict(message = '409 Conflict'): GitLabHttpError {
  return apiError(409, message);
}

/** `destroy_conditionally!` with an older If-Unmodified-Since. */
export function preconditionFailed(): GitLabHttpError {
  return apiError(412, '412 Precondition Failed');
}

/** `file_too_large!` helper text; also used for bodies over the configured limit. */
export function payloadTooLarge(): GitLabHttpError {
  return apiError(413, '413 Request Entity Too Large');
}

/** Grape's Formatter middleware text for a content type the API does not declare. */
export function unsupportedMediaType(mediaType: string): GitLabHttpError {
  return rawError(415, `The provided content-type '${mediaType}' is not supported.`);
}

/**
 * Grape's InvalidMessageBody, as rendered by GitLab's `rescue_from Grape::Exceptions::Base`
 * (`error! e.message`). The odd layout and trailing space are Grape's i18n template.
 */
export function malformedBody(mediaType: string): GitLabHttpError {
  return rawError(
    400,
    '\nProblem:\n  message body does not match declared format\nResolution:\n  ' +
      `when specifying ${mediaType} as content-type, you must pass valid ${mediaType} in the request's 'body' `,
  );
}

/** GitLab's catch-all `route :any, '*path'`. */
export function routeNotFound(): GitLabHttpError {
  return rawError(404, '404 Not Found');
}

export function internalServerError(): GitLabHttpError {
  return apiError(500, '500 Internal Server Error');
}
