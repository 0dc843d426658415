/**
 * Drops every key that names a token or a digest, at any depth: `tokenDigest`,
 * `registrationTokenDigest`, a user's `tokens`, `tokenExpiresAt`, ... Same rule as the audit view
 * (apps/runner-registry/src/runners/runner-history/audit-entry.ts, SECRET_KEY), but key names are
 * kept as they are: the Kafka payload keeps the domain's camelCase, the audit view snake_cases.
 * It is not imported from there because a lib must not depend on an app. Never mutates its input.
 */
export const SECRET_KEY = /token|digest/i;

export function stripSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_KEY.test(key) || key === '__proto__') continue;
      result[key] = stripSecrets(inner);
    }
    return result;
  }
  return value;
}
