import { describe, expect, it } from '@jest/globals';
import { isSecretField, stripSecrets } from './secrets';

const DIGEST = 'a'.repeat(64);

describe('the secret rule', () => {
  it.each([
    ['tokenDigest', DIGEST],
    ['registrationTokenDigest', DIGEST],
    ['registration_token_digest', DIGEST],
    ['token', 'glrt-plain'],
    ['private_token', 'glpat-plain'],
    ['TOKEN', 'x'],
    ['Digest', 'x'],
    ['tokens', [{ tokenDigest: DIGEST }]],
    ['digests', [DIGEST]],
    ['fooToken', { nested: 'anything' }],
    ['token', ''],
  ])('%s holding %j is a secret', (key, value) => {
    expect(isSecretField(key, value)).toBe(true);
  });

  it.each([
    ['tokenExpiresAt', '2026-11-23T10:00:00.000Z'],
    ['tokenExpiresAt', null],
    ['allowRunnerRegistrationToken', true],
    ['runnerTokenExpirationInterval', 3600],
    ['subgroupRunnerTokenExpirationInterval', null],
    ['registrationTokenDigest', null],
    ['token', 42],
    ['registrationType', 'registration_token'],
    ['tokenizer', 'x'],
    ['digestAlgorithm', 'sha256'],
  ])('%s holding %j is not', (key, value) => {
    expect(isSecretField(key, value)).toBe(false);
  });

  it('drops secrets at every depth, keeps what merely mentions a token, renames after deciding', () => {
    const data = {
      runnerId: 7,
      tokenDigest: DIGEST,
      tokenExpiresAt: null,
      allowRunnerRegistrationToken: false,
      runnerTokenExpirationInterval: 3600,
      tokens: [{ tokenDigest: DIGEST, scopes: ['api'] }],
      changes: { projectRunnerTokenExpirationInterval: null, nested: [{ registrationTokenDigest: DIGEST, kept: 1 }] },
    };
    const stripped = stripSecrets(data, (key) => key.toUpperCase());
    expect(stripped).toEqual({
      RUNNERID: 7,
      TOKENEXPIRESAT: null,
      ALLOWRUNNERREGISTRATIONTOKEN: false,
      RUNNERTOKENEXPIRATIONINTERVAL: 3600,
      CHANGES: { PROJECTRUNNERTOKENEXPIRATIONINTERVAL: null, NESTED: [{ KEPT: 1 }] },
    });
    expect(JSON.stringify(stripped)).not.toContain(DIGEST);
  });

  it('drops __proto__ keys and never mutates its input', () => {
    const data = JSON.parse(`{"__proto__": {"admin": true}, "a": {"tokenDigest": "${DIGEST}"}}`);
    const copy = structuredClone(data);
    expect(stripSecrets(data)).toEqual({ a: {} });
    expect(data).toEqual(copy);
  });
});
