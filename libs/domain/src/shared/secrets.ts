/**
 * What never leaves the service. The log holds tokens only as SHA-256 digests, but a digest is
 * still a secret outside: it is what authentication compares against. So every edge that shows
 * events outside (the audit view, the Kafka relay) drops, at every depth, each field that
 *
 * 1. is named like a secret: the name ends in `token` or `digest`, optionally plural, in any case
 *    (`tokenDigest`, `registrationTokenDigest`, `token`, `tokens`, `private_token`), and
 * 2. holds a value that could carry one: anything but a boolean, a number or null (a string, an
 *    array, an object…).
 *
 * Why this shape: matching names is what keeps the rule safe for events nobody has written yet: a
 * future `fooToken` string is dropped without anyone remembering to list it, which an allow-list
 * of harmless fields could not promise. Matching only the end of the name, and letting values that
 * cannot hold a secret through, is what keeps harmless fields that merely mention a token:
 * `tokenExpiresAt` (ends in `At`), the `allowRunnerRegistrationToken` switch (a boolean) and the
 * `*TokenExpirationInterval` settings (end in `Interval`). The price is a naming rule for the
 * domain: a field holding a token or a digest must be named `…Token` or `…Digest`.
 */
export const SECRET_KEY = /(token|digest)s?$/i;

/** Values that cannot carry a secret; everything else can (safe by default). */
const cannotCarrySecret = (value: unknown): boolean => value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number';

/** Whether the field `key: value` is dropped at the edges (see SECRET_KEY). */
export const isSecretField = (key: string, value: unknown): boolean => SECRET_KEY.test(key) && !cannotCarrySecret(value);

/**
 * A copy of `value` without secrets (and without `__proto__` keys), for every edge that shows
 * events outside: the audit view, the Kafka relay. `renameKey` lets an edge restyle key names
 * (the audit view uses snake_case); the rule applies to the original names. Never mutates its input.
 */
export function stripSecrets(value: unknown, renameKey: (key: string) => string = (key) => key): unknown {
  if (Array.isArray(value)) return value.map((item) => stripSecrets(item, renameKey));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (isSecretField(key, inner) || key === '__proto__') continue;
    result[renameKey(key)] = stripSecrets(inner, renameKey);
  }
  return result;
}
