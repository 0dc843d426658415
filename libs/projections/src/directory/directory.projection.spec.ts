import { describe, expect, it } from '@jest/globals';
import type { DirectoryEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { DirectoryProjection } from './directory.projection';

let position = 0;
const recorded = (streamId: string, event: DirectoryEvent): RecordedEvent => ({
  id: `e${++position}`,
  type: event.type,
  data: event.data,
  metadata: {},
  streamId,
  revision: 0,
  position,
  recordedAt: '2026-11-23T10:00:00.000Z',
});

function directoryWithAlice(): DirectoryProjection {
  const directory = new DirectoryProjection();
  directory.apply(recorded('user-3', { type: 'UserProvisioned', data: { userId: 3, username: 'alice', name: 'Alice', admin: false, auditor: false, createdAt: null, email: null } }));
  directory.apply(recorded('user-3', { type: 'PersonalAccessTokenIssued', data: { userId: 3, tokenDigest: 'a1', tokenId: 31, name: 'a', scopes: ['api'], expiresAt: null, createdAt: null } }));
  directory.apply(
    recorded('group-9', {
      type: 'GroupProvisioned',
      data: {
        groupId: 9, name: 'G', path: 'g', parentId: null, allowRunnerRegistrationToken: true, runnerTokenExpirationInterval: null,
        subgroupRunnerTokenExpirationInterval: null, projectRunnerTokenExpirationInterval: null, registrationTokenDigest: 'g0',
      },
    }),
  );
  directory.apply(
    recorded('project-1', {
      type: 'ProjectProvisioned',
      data: {
        projectId: 1, name: 'P', path: 'p', namespaceId: 9, description: null, sharedRunnersEnabled: true, groupRunnersEnabled: true,
        runnerTokenExpirationInterval: null, registrationTokenDigest: 'p0',
      },
    }),
  );
  directory.apply(recorded('project-1', { type: 'MemberAccessGranted', data: { source: 'project', sourceId: 1, userId: 3, accessLevel: 40 } }));
  return directory;
}

describe('directory projection: changes to what exists', () => {
  it('a user profile change is what the next authentication returns', () => {
    const directory = directoryWithAlice();
    expect(directory.authenticate('a1')?.user.admin).toBe(false);
    directory.apply(recorded('user-3', { type: 'UserProfileChanged', data: { userId: 3, changes: { admin: true, name: 'Alice A.' } } }));
    // Creation times the events left out (null) are when the directory learned of them: the events' time.
    const learnedAt = '2026-11-23T10:00:00.000Z';
    expect(directory.authenticate('a1')?.user).toEqual({
      userId: 3, username: 'alice', name: 'Alice A.', admin: true, auditor: false, createdAt: learnedAt, email: null,
      tokens: [{ tokenDigest: 'a1', tokenId: 31, name: 'a', scopes: ['api'], expiresAt: null, createdAt: learnedAt }],
    });
  });

  it('a creation time the source gave is kept; one it left out is when the event was stored', () => {
    const directory = new DirectoryProjection();
    const user = { userId: 5, username: 'eve', name: 'Eve', admin: false, auditor: false, email: 'eve@example.com' };
    directory.apply(recorded('user-5', { type: 'UserProvisioned', data: { ...user, createdAt: '2020-01-01T00:00:00.000Z' } }));
    directory.apply({ ...recorded('user-6', { type: 'UserProvisioned', data: { ...user, userId: 6, username: 'frank', createdAt: null } }), recordedAt: '2021-02-03T04:05:06.000Z' });
    expect(directory.user(5)?.createdAt).toBe('2020-01-01T00:00:00.000Z');
    expect(directory.user(6)?.createdAt).toBe('2021-02-03T04:05:06.000Z');
  });

  it('a token issued later authenticates; a revoked one no longer does, the others still do', () => {
    const directory = directoryWithAlice();
    expect(directory.authenticate('b2')).toBeUndefined();
    directory.apply(recorded('user-3', { type: 'PersonalAccessTokenIssued', data: { userId: 3, tokenDigest: 'b2', tokenId: 32, name: 'b', scopes: ['read_api'], expiresAt: '2027-01-01T00:00:00.000Z', createdAt: null } }));
    expect(directory.authenticate('b2')).toMatchObject({ user: { userId: 3 }, scopes: ['read_api'], expiresAt: '2027-01-01T00:00:00.000Z' });

    directory.apply(recorded('user-3', { type: 'PersonalAccessTokenRevoked', data: { userId: 3, tokenDigest: 'a1' } }));
    expect(directory.authenticate('a1')).toBeUndefined();
    expect(directory.user(3)?.tokens.map((t) => t.tokenDigest)).toEqual(['b2']);
    expect(directory.authenticate('b2')?.user.userId).toBe(3);
  });

  it('group and project settings changes keep everything else (members, registration token)', () => {
    const directory = directoryWithAlice();
    directory.apply(recorded('group-9', { type: 'GroupSettingsChanged', data: { groupId: 9, changes: { allowRunnerRegistrationToken: false, projectRunnerTokenExpirationInterval: 7200 } } }));
    directory.apply(recorded('project-1', { type: 'ProjectSettingsChanged', data: { projectId: 1, changes: { sharedRunnersEnabled: false, description: 'docs' } } }));

    expect(directory.group(9)).toMatchObject({ name: 'G', allowRunnerRegistrationToken: false, projectRunnerTokenExpirationInterval: 7200, registrationTokenDigest: 'g0' });
    expect(directory.project(1)).toMatchObject({ name: 'P', sharedRunnersEnabled: false, groupRunnersEnabled: true, description: 'docs', members: { 3: 40 } });
    // The group's switch governs the project's registration token (the group is the project's root).
    expect(directory.registrationTokenOwner('p0')).toEqual({ scope: 'project', projectId: 1, rootAllowsRegistration: false });
  });

  it('a change to something it does not know is ignored, never a crash', () => {
    const directory = new DirectoryProjection();
    directory.apply(recorded('user-5', { type: 'UserProfileChanged', data: { userId: 5, changes: { admin: true } } }));
    directory.apply(recorded('group-5', { type: 'GroupSettingsChanged', data: { groupId: 5, changes: { name: 'x' } } }));
    directory.apply(recorded('project-5', { type: 'ProjectSettingsChanged', data: { projectId: 5, changes: { name: 'x' } } }));
    expect([directory.user(5), directory.group(5), directory.project(5)]).toEqual([undefined, undefined, undefined]);
  });

  it('knows who holds a username (any case) and a token digest, through renames and after a rebuild from its documents', () => {
    const directory = directoryWithAlice();
    expect([directory.userIdByUsername('ALICE'), directory.userIdByTokenDigest('a1'), directory.userIdByUsername('bob')]).toEqual([3, 3, undefined]);
    directory.apply(recorded('user-3', { type: 'UserProfileChanged', data: { userId: 3, changes: { username: 'alice2' } } }));
    expect([directory.userIdByUsername('alice'), directory.userIdByUsername('Alice2')]).toEqual([undefined, 3]);
    directory.afterHydrate();
    expect([directory.userIdByUsername('alice2'), directory.userIdByTokenDigest('a1')]).toEqual([3, 3]);
  });
});
