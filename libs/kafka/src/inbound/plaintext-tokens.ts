/**
 * Inbound messages may carry tokens only as SHA-256 digests. A key that names a token and is not a
 * digest (`token`, `registration_token`, `private_token`…) is a plaintext secret: the message is
 * refused, its values are redacted before it is parked, and they are never logged or stored.
 */
const TOKEN_KEY = /token/i;

/** Keys that mention a token but hold no secret: digests, switches and intervals, the token list. */
const HARMLESS_TOKEN_KEYS = new Set([
  'personal_access_tokens',
  'allow_runner_registration_token',
  'runner_token_expiration_interval',
  'group_runner_token_expiration_interval',
  'subgroup_runner_token_expiration_interval',
  'project_runner_token_expiration_interval',
]);

const isPlaintextTokenKey = (key: string): boolean => TOKEN_KEY.test(key) && !/_digest$/i.test(key) && key !== 'token_digest' && !HARMLESS_TOKEN_KEYS.has(key);

/** JSON paths (`$.data.personal_access_tokens[0].token`) of plaintext token fields, at any depth. */
export function plaintextTokenPaths(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => plaintextTokenPaths(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(isPlaintextTokenKey(key) ? [`${path}.${key}`] : []),
    ...plaintextTokenPaths(inner, `${path}.${key}`),
  ]);
}

export const REDACTED = '[REDACTED]';

/** A copy with every plaintext token value replaced by REDACTED (the dead letter keeps the rest). */
export function redactPlaintextTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPlaintextTokens);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isPlaintextTokenKey(key) ? REDACTED : redactPlaintextTokens(inner)]));
}
