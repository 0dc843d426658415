import { describe, expect, it } from '@jest/globals';
import { identityConflict, type DirectoryIdentities } from './directory-identities';

/** Given the directory holds alice (user 1, token a1) … when a command names her username or token for someone else … */
const identities: DirectoryIdentities = {
  userIdByUsername: (username) => (username.toLowerCase() === 'alice' ? 1 : undefined),
  userIdByTokenDigest: (digest) => (digest === 'a1' ? 1 : undefined),
};
const token = (tokenDigest: string) => ({ tokenDigest, tokenId: 1, name: 't', scopes: ['api' as const], expiresAt: null, createdAt: null });
const user = (userId: number, username: string) => ({ userId, username, name: username, admin: false, auditor: false, createdAt: null, email: null });

describe('identityConflict', () => {
  it('refuses a second user with a taken username, whatever its case, as GitLab’s validation does', () => {
    const error = identityConflict({ type: 'ProvisionUser', user: user(2, 'ALICE'), tokens: [] }, identities);
    expect(error).toMatchObject({ kind: 'validation', attributeErrors: { username: ['has already been taken'] } });
  });

  it('refuses to give a token digest another user holds', () => {
    expect(identityConflict({ type: 'IssuePersonalAccessToken', userId: 2, token: token('a1') }, identities)).toMatchObject({ kind: 'conflict' });
    expect(identityConflict({ type: 'ProvisionUser', user: user(2, 'bob'), tokens: [token('b1'), token('a1')] }, identities)).toMatchObject({ kind: 'conflict' });
  });

  it('refuses a rename onto a taken username', () => {
    expect(identityConflict({ type: 'ChangeUserProfile', userId: 2, changes: { username: 'alice' } }, identities)).toMatchObject({ kind: 'validation' });
  });

  it('lets a user keep, re-provision and re-issue what it holds itself', () => {
    expect(identityConflict({ type: 'ProvisionUser', user: user(1, 'alice'), tokens: [token('a1')] }, identities)).toBeNull();
    expect(identityConflict({ type: 'IssuePersonalAccessToken', userId: 1, token: token('a1') }, identities)).toBeNull();
    expect(identityConflict({ type: 'ChangeUserProfile', userId: 1, changes: { username: 'Alice' } }, identities)).toBeNull();
  });

  it('lets anything free through, and leaves other commands alone', () => {
    expect(identityConflict({ type: 'ProvisionUser', user: user(2, 'bob'), tokens: [token('b1')] }, identities)).toBeNull();
    expect(identityConflict({ type: 'ChangeUserProfile', userId: 2, changes: { name: 'Bob' } }, identities)).toBeNull();
    expect(identityConflict({ type: 'RevokePersonalAccessToken', userId: 2, tokenDigest: 'a1' }, identities)).toBeNull();
  });
});
