import type { ParamsClass } from './param-constraints';

/** A JSON Schema (2020-12, which OpenAPI 3.1 uses as is). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * How a route authenticates, as GitLab's API does: a user's personal access token
 * (`PRIVATE-TOKEN`, `Authorization: Bearer` or `private_token`), a runner's own token or a
 * registration token as the `token` param, or nothing.
 */
export type Authentication = 'user' | 'runner' | 'registration' | 'none';

export interface ResponseDescription {
  readonly description: string;
  readonly schema?: JsonSchema;
  /** `application/json` unless said. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema?: JsonSchema }>>;
}

export interface RouteDescription {
  readonly summary: string;
  readonly description?: string;
  /** The area, as the document groups operations (`runners`, `jobs`, `users`…). */
  readonly tag: string;
  readonly auth: Authentication;
  /**
   * The params class the route checks its params with (paramsOf), or the alternatives it picks
   * from (`POST /user/runners` by `runner_type`).
   */
  readonly params?: ParamsClass | readonly ParamsClass[];
  /** A request body that is not Grape params (job events: one object or an array of them). */
  readonly body?: JsonSchema;
  /** Success answers by status; a string is a description without a body. */
  readonly responses: Readonly<Record<number, string | ResponseDescription>>;
  /** Failures beyond the ones the params and the authentication imply, with GitLab's message. */
  readonly errors?: Readonly<Record<number, string>>;
  /** GitLab's offset pagination headers; `keyset` adds `pagination=keyset` paging by `Link` only. */
  readonly pagination?: 'offset' | 'keyset';
}

const catalog = new Map<string, RouteDescription>();

export const routeKey = (method: string, url: string): string => `${method} ${url}`;

/**
 * Describes a route for the OpenAPI document, beside the code that serves it. The params part is
 * not written here but named: it is the class the route validates with.
 */
export function describeRoute(methods: string | readonly string[], url: string, description: RouteDescription): void {
  for (const method of typeof methods === 'string' ? [methods] : methods) {
    const key = routeKey(method, url);
    if (catalog.has(key)) throw new Error(`${key} is described twice`);
    catalog.set(key, description);
  }
}

export function routeDescription(method: string, url: string): RouteDescription | undefined {
  return catalog.get(routeKey(method, url));
}
