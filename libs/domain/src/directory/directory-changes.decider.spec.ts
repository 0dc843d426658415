import { describe, it } from '@jest/globals';
import { deciderSpec } from '@app/domain/testing';
import { directoryDecider } from './directory.decider';
import type { DirectoryEvent } from './directory.events';

/** Changes to what already exists: users, their tokens, groups' and projects' settings. */
const spec = deciderSpec(directoryDecider);

const alice = { userId: 3, username: 'alice', name: 'Alice', admin: false, auditor: false, createdAt: null, email: null };
const aliceProvisioned: DirectoryEvent = { type: 'UserProvisioned', data: alice };
const token = { tokenDigest: 'a1', tokenId: 11, name: 'ci', scopes: ['api'], expiresAt: null, createdAt: '2026-01-01T00:00:00.000Z' };
const tokenIssued: DirectoryEvent = { type: 'PersonalAccessTokenIssued', data: { userId: 3, ...token } };

const group = {
  groupId: 9, name: 'G', path: 'g', parentId: null, allowRunnerRegistrationToken: true,
  runnerTokenExpirationInterval: null, subgroupRunnerTokenExpirationInterval: null, projectRunnerTokenExpirationInterval: null,
};
const groupProvisioned: DirectoryEvent = { type: 'GroupProvisioned', data: { ...group, registrationTokenDigest: 'g0' } };

const project = {
  projectId: 1, name: 'P', path: 'p', namespaceId: 9, description: null,
  sharedRunnersEnabled: true, groupRunnersEnabled: true, runnerTokenExpirationInterval: null,
};
const projectProvisioned: DirectoryEvent = { type: 'ProjectProvisioned', data: { ...project, registrationTokenDigest: 'p0' } };

describe('directory decider: changing a user', () => {
  it('records only the fields that differ', () => {
    spec
      .given([aliceProvisioned])
      .when({ type: 'ChangeUserProfile', userId: 3, changes: { admin: true, name: 'Alice', username: 'alice2' } })
      .then([{ type: 'UserProfileChanged', data: { userId: 3, changes: { admin: true, username: 'alice2' } } }]);
  });

  it('a change that changes nothing records nothing, also after earlier changes', () => {
    spec.given([aliceProvisioned]).when({ type: 'ChangeUserProfile', userId: 3, changes: { admin: false, auditor: false } }).then([]);
    spec
      .given([aliceProvisioned, { type: 'UserProfileChanged', data: { userId: 3, changes: { admin: true } } }])
      .when({ type: 'ChangeUserProfile', userId: 3, changes: { admin: true } })
      .then([]);
  });

  it('an unknown user is not found', () => {
    spec.given([]).when({ type: 'ChangeUserProfile', userId: 3, changes: { admin: true } }).thenFails('not_found');
  });
});

describe('directory decider: personal access tokens', () => {
  it('issues a token to an existing user', () => {
    spec.given([aliceProvisioned]).when({ type: 'IssuePersonalAccessToken', userId: 3, token }).then([tokenIssued]);
  });

  it('issuing a token the user holds with the same scopes and expiry records nothing', () => {
    spec.given([aliceProvisioned, tokenIssued]).when({ type: 'IssuePersonalAccessToken', userId: 3, token: { ...token, scopes: ['api'] } }).then([]);
  });

  it('issuing a held digest with other scopes or expiry replaces them', () => {
    const narrower = { ...token, scopes: ['read_api'] };
    spec.given([aliceProvisioned, tokenIssued]).when({ type: 'IssuePersonalAccessToken', userId: 3, token: narrower }).then([
      { type: 'PersonalAccessTokenIssued', data: { userId: 3, ...narrower } },
    ]);
    const expiring = { ...token, expiresAt: '2027-01-01T00:00:00.000Z' };
    spec.given([aliceProvisioned, tokenIssued]).when({ type: 'IssuePersonalAccessToken', userId: 3, token: expiring }).then([
      { type: 'PersonalAccessTokenIssued', data: { userId: 3, ...expiring } },
    ]);
  });

  it('revokes a held token by its digest; a digest not held (or revoked already) records nothing', () => {
    const revoked: DirectoryEvent = { type: 'PersonalAccessTokenRevoked', data: { userId: 3, tokenDigest: 'a1' } };
    spec.given([aliceProvisioned, tokenIssued]).when({ type: 'RevokePersonalAccessToken', userId: 3, tokenDigest: 'a1' }).then([revoked]);
    spec.given([aliceProvisioned, tokenIssued, revoked]).when({ type: 'RevokePersonalAccessToken', userId: 3, tokenDigest: 'a1' }).then([]);
    spec.given([aliceProvisioned]).when({ type: 'RevokePersonalAccessToken', userId: 3, tokenDigest: 'zz' }).then([]);
  });

  it('a token provisioned with the user can be revoked, and issued again after that', () => {
    const provisionedWithToken: DirectoryEvent[] = [aliceProvisioned, tokenIssued];
    const revoked: DirectoryEvent = { type: 'PersonalAccessTokenRevoked', data: { userId: 3, tokenDigest: 'a1' } };
    spec.given(provisionedWithToken).when({ type: 'RevokePersonalAccessToken', userId: 3, tokenDigest: 'a1' }).then([revoked]);
    spec.given([...provisionedWithToken, revoked]).when({ type: 'IssuePersonalAccessToken', userId: 3, token }).then([tokenIssued]);
  });

  it('a reissue changes name, scopes and expiry but keeps the id and creation time; the same token again changes nothing', () => {
    const reissue = { ...token, tokenId: 99, name: 'renamed', scopes: ['read_api'], createdAt: null };
    spec
      .given([aliceProvisioned, tokenIssued])
      .when({ type: 'IssuePersonalAccessToken', userId: 3, token: reissue })
      .then([{ type: 'PersonalAccessTokenIssued', data: { userId: 3, ...reissue, tokenId: 11, createdAt: '2026-01-01T00:00:00.000Z' } }]);
    spec.given([aliceProvisioned, tokenIssued]).when({ type: 'IssuePersonalAccessToken', userId: 3, token: { ...token, tokenId: 99 } }).then([]);
  });

  it('an unknown user gets no token and has none to revoke', () => {
    spec.given([]).when({ type: 'IssuePersonalAccessToken', userId: 3, token }).thenFails('not_found');
    spec.given([]).when({ type: 'RevokePersonalAccessToken', userId: 3, tokenDigest: 'a1' }).thenFails('not_found');
  });
});

describe('directory decider: group settings', () => {
  it('records only the settings that differ, null intervals included', () => {
    spec
      .given([groupProvisioned])
      .when({ type: 'ChangeGroupSettings', groupId: 9, changes: { name: 'G', allowRunnerRegistrationToken: false, runnerTokenExpirationInterval: 3600 } })
      .then([{ type: 'GroupSettingsChanged', data: { groupId: 9, changes: { allowRunnerRegistrationToken: false, runnerTokenExpirationInterval: 3600 } } }]);
    const changed: DirectoryEvent = { type: 'GroupSettingsChanged', data: { groupId: 9, changes: { runnerTokenExpirationInterval: 3600 } } };
    spec.given([groupProvisioned, changed]).when({ type: 'ChangeGroupSettings', groupId: 9, changes: { runnerTokenExpirationInterval: null } }).then([
      { type: 'GroupSettingsChanged', data: { groupId: 9, changes: { runnerTokenExpirationInterval: null } } },
    ]);
  });

  it('a change that changes nothing records nothing; an unknown group is not found', () => {
    spec.given([groupProvisioned]).when({ type: 'ChangeGroupSettings', groupId: 9, changes: { path: 'g', subgroupRunnerTokenExpirationInterval: null } }).then([]);
    spec.given([]).when({ type: 'ChangeGroupSettings', groupId: 9, changes: { path: 'h' } }).thenFails('not_found');
  });
});

describe('directory decider: project settings', () => {
  it('records only the settings that differ', () => {
    spec
      .given([projectProvisioned])
      .when({ type: 'ChangeProjectSettings', projectId: 1, changes: { sharedRunnersEnabled: false, groupRunnersEnabled: true, description: 'docs' } })
      .then([{ type: 'ProjectSettingsChanged', data: { projectId: 1, changes: { sharedRunnersEnabled: false, description: 'docs' } } }]);
  });

  it('a change that changes nothing records nothing, also after earlier changes; an unknown project is not found', () => {
    const changed: DirectoryEvent = { type: 'ProjectSettingsChanged', data: { projectId: 1, changes: { sharedRunnersEnabled: false } } };
    spec.given([projectProvisioned, changed]).when({ type: 'ChangeProjectSettings', projectId: 1, changes: { sharedRunnersEnabled: false, name: 'P' } }).then([]);
    spec.given([]).when({ type: 'ChangeProjectSettings', projectId: 1, changes: { name: 'Q' } }).thenFails('not_found');
  });
});
