import { Injectable } from '@nestjs/common';
import { GitLabHttpError, unauthorized } from '@app/http/gitlab-errors';
import { DirectoryProjection, type UserView } from '@app/projections';
import type { PersonalAccessToken } from '@app/domain';
import { Clock } from '@app/common/clock';
import { digestToken } from '@app/common/token-issuer';

/**
 * Which token scopes a route accepts besides `api` (and `read_api` on GET/HEAD), as GitLab's API
 * guard declares them: `manage_runner` only on `/runners/:id...`, `create_runner` only on
 * `POST /user/runners`, `read_user` on GETs of the users and metadata APIs (`allow_access_with_scope
 * :read_user` in lib/api/users.rb and lib/api/metadata.rb), and any scope at all on
 * `/personal_access_tokens/self` (every token may read itself).
 */
export type RouteScopes = 'default' | 'runner_by_id' | 'create_runner' | 'read_user' | 'any_scope';

export interface CurrentUser {
  readonly user: UserView;
  readonly scopes: readonly string[];
  /** The personal access token the request came with. */
  readonly token: PersonalAccessToken;
}

interface TokenSource {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

const INSUFFICIENT_SCOPE_DESCRIPTION = 'The request requires higher privileges than provided by the access token.';

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** GitLab's order: the private_token param, the PRIVATE-TOKEN header, then OAuth-style bearer token or access_token param. */
function extractToken(request: TokenSource, params: Record<string, unknown>): string | undefined {
  const candidates = [
    params.private_token,
    firstHeader(request.headers['private-token']),
    /^Bearer\s+(.+)$/i.exec(firstHeader(request.headers.authorization) ?? '')?.[1],
    params.access_token,
  ];
  return candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
}

export function allowedScopes(method: string, route: RouteScopes): string[] {
  const scopes = ['api'];
  if (method === 'GET' || method === 'HEAD') scopes.push('read_api');
  if (route === 'runner_by_id') scopes.push('manage_runner');
  if (route === 'create_runner' && method === 'POST') scopes.push('create_runner');
  if (route === 'read_user' && (method === 'GET' || method === 'HEAD')) scopes.push('read_user');
  return scopes;
}

/** Authenticates a user-facing call by personal access token. */
@Injectable()
export class UserAuthenticator {
  constructor(private readonly directory: DirectoryProjection, private readonly clock: Clock) {}

  authenticate(request: TokenSource, params: Record<string, unknown>, route: RouteScopes = 'default'): CurrentUser {
    const current = this.authenticateIfPresent(request, params, route);
    if (!current) throw unauthorized();
    return current;
  }

  /**
   * For APIs that let anonymous requests through to the endpoint (GitLab's `authenticate_non_get!`
   * on GETs): null without a token; a token that does not authenticate is still refused.
   */
  authenticateIfPresent(request: TokenSource, params: Record<string, unknown>, route: RouteScopes = 'default'): CurrentUser | null {
    const token = extractToken(request, params);
    if (!token) return null;
    const found = this.directory.authenticate(digestToken(token));
    if (!found) throw unauthorized();
    if (found.expiresAt !== null && Date.parse(found.expiresAt) <= this.clock.now().getTime()) {
      throw new GitLabHttpError(401, { error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.' } as never, {
        'WWW-Authenticate': 'Bearer realm="Protected by OAuth 2.0", error="invalid_token"',
      });
    }
    const allowed = allowedScopes(request.method.toUpperCase(), route);
    if (route !== 'any_scope' && !found.scopes.some((scope) => allowed.includes(scope))) {
      throw new GitLabHttpError(403, { error: 'insufficient_scope', error_description: INSUFFICIENT_SCOPE_DESCRIPTION, scope: allowed.join(' ') } as never);
    }
    return { user: found.user, scopes: found.scopes, token: found.token };
  }
}
