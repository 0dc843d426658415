/**
 * Grape's `params`: query string, then the body (JSON object, urlencoded or multipart
 * form), then route params, each later source replacing earlier keys wholesale
 * (Rack's GET.merge(POST), then Grape's merge of routing args). Route params are part of
 * Grape's params too: GitLab validates `:id` like any other param and echoes it in
 * pagination links.
 */
import type { FastifyRequest } from 'fastify';
import { createParamHash, isForbiddenKey, isParamHash, ParamHash, ParamsParseError, ParamValue } from './rack-params';

/** Deep enough for any real payload; stops recursion-depth attacks in sanitizeJson. */
export const JSON_DEPTH_LIMIT = 64;

type ParamsSource = Pick<FastifyRequest, 'query' | 'body' | 'params'>;

export function collectParams(request: ParamsSource): ParamHash {
  const params = createParamHash();
  mergeInto(params, request.query);
  // A JSON array or scalar body is not merged into Grape's params either.
  mergeInto(params, request.body);
  mergeInto(params, request.params);
  return params;
}

function mergeInto(target: ParamHash, source: unknown): void {
  if (!isParamHash(source)) return;
  for (const key of Object.keys(source)) {
    if (isForbiddenKey(key)) continue;
    target[key] = (source as Record<string, ParamValue>)[key];
  }
}

/**
 * Copies parsed JSON into null-prototype hashes without `__proto__` keys, so JSON bodies
 * have the same shape and safety as form bodies. Throws on absurd nesting.
 */
export function sanitizeJson(value: unknown, depth = 0): unknown {
  if (depth > JSON_DEPTH_LIMIT) throw new ParamsParseError('JSON body is nested too deeply');
  if (Array.isArray(value)) return value.map((item) => sanitizeJson(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const copy = createParamHash();
  for (const key of Object.keys(value)) {
    if (isForbiddenKey(key)) continue;
    copy[key] = sanitizeJson((value as Record<string, unknown>)[key], depth + 1) as ParamValue;
  }
  return copy;
}
