import { plaintextTokenPaths, redactPlaintextTokens } from './plaintext-tokens';

describe('plaintext tokens in inbound messages', () => {
  it('finds every key naming a token that is not a digest, at any depth', () => {
    const message = {
      token: 'a',
      data: {
        registration_token: 'b',
        runners_token: 'c',
        personal_access_tokens: [{ token: 'd', scopes: ['api'] }, { token_digest: 'f'.repeat(64), scopes: ['api'] }],
        nested: { Private_Token: 'e', accessToken: 'g' },
      },
    };
    expect(plaintextTokenPaths(message)).toEqual([
      '$.token',
      '$.data.registration_token',
      '$.data.runners_token',
      '$.data.personal_access_tokens[0].token',
      '$.data.nested.Private_Token',
      '$.data.nested.accessToken',
    ]);
  });

  it('lets digests, the registration-token switch and the expiration intervals through', () => {
    const harmless = {
      registration_token_digest: 'f'.repeat(64),
      runners_token_digest: null,
      allow_runner_registration_token: false,
      runner_token_expiration_interval: 3600,
      group_runner_token_expiration_interval: null,
      subgroup_runner_token_expiration_interval: null,
      project_runner_token_expiration_interval: null,
      personal_access_tokens: [{ token_digest: 'f'.repeat(64), scopes: ['api'] }],
    };
    expect(plaintextTokenPaths({ data: harmless })).toEqual([]);
  });

  it('redacts their values and keeps everything else', () => {
    expect(redactPlaintextTokens({ data: { id: 1, personal_access_tokens: [{ token: 'glpat-x', scopes: ['api'] }] } })).toEqual({
      data: { id: 1, personal_access_tokens: [{ token: '[REDACTED]', scopes: ['api'] }] },
    });
  });
});
