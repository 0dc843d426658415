/**
 * What never leaves the service: any key whose name mentions a token or a digest, at every depth.
 * The log holds tokens only as SHA-256 digests, but a digest is still a secret outside: it is
 * what authentication compares against. The match is deliberately broad: it also drops
 * `tokenExpiresAt`, a user's `tokens` and settings such as `allowRunnerRegistrationToken`.
 * Leaking a secret because a future event names a field `fooToken` would be worse than hiding a
 * harmless one, and a per-field allow-list would have to follow every new event; this rule does not.
 */
export const SECRET_KEY = /token|digest/i;

/**
 * A copy of `value` without secrets (and without `__proto__` keys), for every edge that shows
 * events outside: the audit view, the Kafka relay. `renameKey` lets an edge restyle key names
 * (the audit view uses snake_case). Never mutates its input.
 */
export function stripSecrets(value: unknown, renameKey: (key: string) => string = (key) => key): unknown {
  if (Array.isArray(value)) return value.map((item) => stripSecrets(item, renameKey));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEY.test(key) || key === '__proto__') continue;
    result[renameKey(key)] = stripSecrets(inner, renameKey);
  }
  return result;
}
