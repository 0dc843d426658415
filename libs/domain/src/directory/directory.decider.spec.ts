import { describe, it } from '@jest/globals';
import { deciderSpec } from '@app/domain/testing';
import { directoryDecider } from './directory.decider';
import type { DirectoryEvent } from './directory.events';

const spec = deciderSpec(directoryDecider);
const settings = { allowRunnerRegistrationToken: true, runnerTokenExpirationInterval: null, groupRunnerTokenExpirationInterval: null, projectRunnerTokenExpirationInterval: null };
const provisioned: DirectoryEvent = { type: 'InstanceSettingsProvisioned', data: { ...settings, registrationTokenDigest: 'd0' } };
const now = '2026-11-23T10:00:00.000Z';

describe('directory decider', () => {
  it('provisions once: provisioning an existing entity changes nothing', () => {
    spec.given([]).when({ type: 'ProvisionInstanceSettings', settings, registrationTokenDigest: 'd0' }).then([provisioned]);
    spec.given([provisioned]).when({ type: 'ProvisionInstanceSettings', settings, registrationTokenDigest: 'other' }).then([]);
  });

  it('provisions a user with its personal access tokens', () => {
    const user = { userId: 1, username: 'root', name: 'Administrator', admin: true, auditor: false, createdAt: '2025-01-01T00:00:00.000Z', email: 'root@example.com' };
    const token = { tokenDigest: 'p1', tokenId: 7, name: 'automation', scopes: ['api'], expiresAt: null, createdAt: null };
    spec
      .given([])
      .when({ type: 'ProvisionUser', user, tokens: [token] })
      .then([
        { type: 'UserProvisioned', data: user },
        { type: 'PersonalAccessTokenIssued', data: { userId: 1, ...token } },
      ]);
  });

  it('resets the instance registration token only while registration tokens are allowed', () => {
    const reset = { type: 'ResetRegistrationToken', scope: 'instance', scopeId: null, tokenDigest: 'd1', now } as const;
    spec.given([provisioned]).when(reset).then([{ type: 'RegistrationTokenReset', data: { scope: 'instance', scopeId: null, tokenDigest: 'd1', resetAt: now } }]);
    spec
      .given([provisioned, { type: 'InstanceSettingsChanged', data: { changes: { allowRunnerRegistrationToken: false } } }])
      .when(reset)
      .thenFails('forbidden');
    spec.given([]).when(reset).thenFails('not_found');
  });

  it('says which refusal it is by its code', () => {
    const reset = { type: 'ResetRegistrationToken', scope: 'instance', scopeId: null, tokenDigest: 'd1', now } as const;
    spec
      .given([provisioned, { type: 'InstanceSettingsChanged', data: { changes: { allowRunnerRegistrationToken: false } } }])
      .when(reset)
      .thenRefuses('registration_token.disallowed');
    spec.given([]).when(reset).thenRefuses('instance_settings.not_found');
    spec.given([]).when({ ...reset, scope: 'group', scopeId: 9 }).thenRefuses('group.not_found');
    spec.given([]).when({ ...reset, scope: 'project', scopeId: 1 }).thenRefuses('project.not_found');
    spec.given([]).when({ type: 'ChangeUserProfile', userId: 3, changes: { admin: true } }).thenRefuses('user.not_found');
    spec.given([]).when({ type: 'RevokeMemberAccess', source: 'project', sourceId: 1, userId: 3 }).thenRefuses('project.not_found');
  });

  it('grants and revokes membership idempotently', () => {
    const group: DirectoryEvent = {
      type: 'GroupProvisioned',
      data: { groupId: 9, name: 'G', path: 'g', parentId: null, allowRunnerRegistrationToken: true, runnerTokenExpirationInterval: null, subgroupRunnerTokenExpirationInterval: null, projectRunnerTokenExpirationInterval: null, registrationTokenDigest: null },
    };
    const granted: DirectoryEvent = { type: 'MemberAccessGranted', data: { source: 'group', sourceId: 9, userId: 3, accessLevel: 50 } };
    spec.given([group]).when({ type: 'GrantMemberAccess', source: 'group', sourceId: 9, member: { userId: 3, accessLevel: 50 } }).then([granted]);
    spec.given([group, granted]).when({ type: 'GrantMemberAccess', source: 'group', sourceId: 9, member: { userId: 3, accessLevel: 50 } }).then([]);
    spec.given([group, granted]).when({ type: 'RevokeMemberAccess', source: 'group', sourceId: 9, userId: 3 }).then([
      { type: 'MemberAccessRevoked', data: { source: 'group', sourceId: 9, userId: 3 } },
    ]);
    spec.given([group]).when({ type: 'RevokeMemberAccess', source: 'group', sourceId: 9, userId: 3 }).then([]);
  });
});
