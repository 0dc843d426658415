import { describe, expect, it } from '@jest/globals';
import { registrationTokensAllowed } from './registration-tokens';
import { accessDirectory } from './test-fixtures/access-directory.fixture';

describe('registration tokens are allowed in a namespace (Namespace#allow_runner_registration_token?)', () => {
  it('while the instance and the root group allow them', () => {
    expect(registrationTokensAllowed(accessDirectory(), 10)).toBe(true);
    expect(registrationTokensAllowed(accessDirectory({ instanceAllowsRegistrationTokens: false }), 10)).toBe(false);
    expect(registrationTokensAllowed(accessDirectory({ group9AllowsRegistrationTokens: false }), 10)).toBe(false);
    expect(registrationTokensAllowed(accessDirectory(), 20)).toBe(false);
  });

  it('only the instance decides for a namespace with no group found; nothing is allowed without instance settings', () => {
    expect(registrationTokensAllowed(accessDirectory(), 404)).toBe(true);
    expect(registrationTokensAllowed({ instanceSettings: () => undefined, groupAncestry: () => [] }, 404)).toBe(false);
  });
});
