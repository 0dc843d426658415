import type { FastifyRequest } from 'fastify';
import { GitLabHttpError, unauthorized } from '@app/http/gitlab-errors';
import type { CurrentUser, UserAuthenticator } from '../auth/user-authenticator';

function isInsufficientScope(error: unknown): boolean {
  return error instanceof GitLabHttpError && error.status === 403 && 'error' in error.body && error.body.error === 'insufficient_scope';
}

/**
 * Assigning and unassigning answer 401, not 403, to a token that only has scopes meant for other
 * endpoints (manage_runner, create_runner), as GitLab's request specs show. A read_api token keeps
 * the usual 403 insufficient_scope for a write: it is a valid token for this API, only read-only.
 */
export function authenticateForAssignment(auth: UserAuthenticator, request: FastifyRequest, params: Record<string, unknown>): CurrentUser {
  try {
    return auth.authenticate(request, params);
  } catch (error) {
    if (!isInsufficientScope(error) || readsThisApi(auth, request, params)) throw error;
    throw unauthorized();
  }
}

function readsThisApi(auth: UserAuthenticator, request: FastifyRequest, params: Record<string, unknown>): boolean {
  try {
    auth.authenticate({ method: 'GET', headers: request.headers }, params);
    return true;
  } catch {
    return false;
  }
}
