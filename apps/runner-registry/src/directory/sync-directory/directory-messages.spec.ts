import { createHash } from 'node:crypto';
import { personalAccessTokenIdOf } from '@app/domain';
import { readDirectorySeed } from './directory-seed';
import { seedCommands } from './seed-loader';
import { FIXTURE_FILE } from '../../../../../test/support/fixture-directory';
import { DIRECTORY_DATA_VALIDATORS, DIRECTORY_MESSAGE_TYPES } from './directory-messages';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const NOW = '2026-11-23T10:00:00.000Z';

/** The seed file's entries as directory-events data: the same shapes, tokens replaced by their digests. */
function asMessages(seed: any): { type: string; data: any }[] {
  const { registration_token, ...settings } = seed.settings;
  return [
    { type: 'directory.instance-settings.provisioned', data: { ...settings, registration_token_digest: sha256(registration_token) } },
    ...seed.users.map((u: any) => ({
      type: 'directory.user.provisioned',
      data: { ...u, personal_access_tokens: u.personal_access_tokens.map(({ token, ...t }: any) => ({ token_digest: sha256(token), ...t })) },
    })),
    ...seed.groups.map(({ runners_token, ...g }: any) => ({ type: 'directory.group.provisioned', data: { ...g, runners_token_digest: sha256(runners_token) } })),
    ...seed.projects.map(({ runners_token, ...p }: any) => ({ type: 'directory.project.provisioned', data: { ...p, runners_token_digest: sha256(runners_token) } })),
  ];
}

describe('directory-events messages', () => {
  it('the shared fixture, sent as messages, becomes exactly the seed loader’s commands', () => {
    const seed = readDirectorySeed(FIXTURE_FILE);
    const messages = asMessages(seed);
    for (const { type, data } of messages) {
      const validate = DIRECTORY_DATA_VALIDATORS[DIRECTORY_MESSAGE_TYPES[type].schema];
      expect({ type, valid: validate(data), errors: validate.errors ?? null }).toEqual({ type, valid: true, errors: null });
    }
    expect(messages.map(({ type, data }) => DIRECTORY_MESSAGE_TYPES[type].toCommand(data, NOW))).toEqual(seedCommands(seed));
  });

  it('membership, settings and registration-token messages address the stream of what they change', () => {
    const command = (type: string, data: unknown) => DIRECTORY_MESSAGE_TYPES[type].toCommand(data, NOW);
    expect(command('directory.membership.granted', { source: 'group', source_id: 9, user_id: 7, access_level: 30 })).toEqual({
      streamId: 'group-9',
      command: { type: 'GrantMemberAccess', source: 'group', sourceId: 9, member: { userId: 7, accessLevel: 30 } },
    });
    expect(command('directory.membership.revoked', { source: 'project', source_id: 1, user_id: 7 })).toEqual({
      streamId: 'project-1',
      command: { type: 'RevokeMemberAccess', source: 'project', sourceId: 1, userId: 7 },
    });
    expect(command('directory.instance-settings.changed', { runner_token_expiration_interval: null })).toEqual({
      streamId: 'instance-settings',
      command: { type: 'ChangeInstanceSettings', changes: { runnerTokenExpirationInterval: null } },
    });
    const digest = sha256('new-token');
    expect(command('directory.registration-token.reset', { scope: 'project', scope_id: 2, token_digest: digest })).toEqual({
      streamId: 'project-2',
      command: { type: 'ResetRegistrationToken', scope: 'project', scopeId: 2, tokenDigest: digest, now: NOW },
    });
  });

  it('user, token, group and project changes address the entity’s stream and carry only the fields present', () => {
    const command = (type: string, data: unknown) => DIRECTORY_MESSAGE_TYPES[type].toCommand(data, NOW);
    expect(command('directory.user.changed', { id: 4, admin: true })).toEqual({
      streamId: 'user-4',
      command: { type: 'ChangeUserProfile', userId: 4, changes: { admin: true } },
    });
    const digest = sha256('glpat-new');
    expect(command('directory.personal-access-token.issued', { user_id: 4, token_digest: digest, scopes: ['api'], expires_at: '2027-01-01T01:00:00+01:00' })).toEqual({
      streamId: 'user-4',
      command: {
        type: 'IssuePersonalAccessToken',
        userId: 4,
        // What the message leaves out: an id derived from the digest, the default name, no creation time (the directory shows when it learned of the token).
        token: { tokenDigest: digest, tokenId: personalAccessTokenIdOf(digest), name: 'personal-access-token', scopes: ['api'], expiresAt: '2027-01-01T00:00:00.000Z', createdAt: null },
      },
    });
    expect(
      command('directory.personal-access-token.issued', { user_id: 4, token_digest: digest, id: 42, name: 'deploy', scopes: ['api'], created_at: '2026-01-02T03:04:05+01:00' }),
    ).toMatchObject({ command: { token: { tokenId: 42, name: 'deploy', createdAt: '2026-01-02T02:04:05.000Z', expiresAt: null } } });
    expect(command('directory.user.provisioned', { id: 9, username: 'nina' })).toMatchObject({
      command: { type: 'ProvisionUser', user: { userId: 9, username: 'nina', name: 'nina', admin: false, auditor: false, createdAt: null, email: null }, tokens: [] },
    });
    expect(command('directory.user.provisioned', { id: 9, username: 'nina', email: 'nina@example.com', created_at: '2024-05-06T07:08:09Z' })).toMatchObject({
      command: { user: { createdAt: '2024-05-06T07:08:09.000Z', email: 'nina@example.com' } },
    });
    expect(command('directory.user.changed', { id: 9, email: 'new@example.com' })).toEqual({
      streamId: 'user-9',
      command: { type: 'ChangeUserProfile', userId: 9, changes: { email: 'new@example.com' } },
    });
    expect(command('directory.personal-access-token.issued', { user_id: 4, token_digest: digest, scopes: ['api'] })).toMatchObject({ command: { token: { expiresAt: null } } });
    expect(command('directory.personal-access-token.revoked', { user_id: 4, token_digest: digest })).toEqual({
      streamId: 'user-4',
      command: { type: 'RevokePersonalAccessToken', userId: 4, tokenDigest: digest },
    });
    expect(command('directory.group.changed', { id: 9, allow_runner_registration_token: false, subgroup_runner_token_expiration_interval: null })).toEqual({
      streamId: 'group-9',
      command: { type: 'ChangeGroupSettings', groupId: 9, changes: { allowRunnerRegistrationToken: false, subgroupRunnerTokenExpirationInterval: null } },
    });
    expect(command('directory.project.changed', { id: 1, shared_runners_enabled: false, description: null, name: 'P' })).toEqual({
      streamId: 'project-1',
      command: { type: 'ChangeProjectSettings', projectId: 1, changes: { sharedRunnersEnabled: false, description: null, name: 'P' } },
    });
  });

  it('a change names something to change; tokens travel only as digests', () => {
    const digest = sha256('t');
    expect(DIRECTORY_DATA_VALIDATORS.UserChangedData({ id: 4 })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.GroupChangedData({ id: 9 })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.ProjectChangedData({ id: 1 })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.GroupChangedData({ id: 9, parent_id: 3 })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.ProjectChangedData({ id: 1, namespace_id: 3 })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.UserChangedData({ id: 4, admin: 'yes' })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.PersonalAccessTokenIssuedData({ user_id: 4, token_digest: 'glpat-plaintext', scopes: ['api'] })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.PersonalAccessTokenIssuedData({ user_id: 4, token_digest: digest, scopes: [] })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.PersonalAccessTokenIssuedData({ user_id: 4, token_digest: digest, scopes: ['api'] })).toBe(true);
    expect(DIRECTORY_DATA_VALIDATORS.PersonalAccessTokenRevokedData({ user_id: 4, token_digest: digest.toUpperCase() })).toBe(false);
    expect(DIRECTORY_DATA_VALIDATORS.PersonalAccessTokenRevokedData({ user_id: 4, token_digest: digest })).toBe(true);
  });

  it('refuses a group or project reset without an id, and an instance reset with one', () => {
    const validate = DIRECTORY_DATA_VALIDATORS.RegistrationTokenResetData;
    const digest = sha256('t');
    expect(validate({ scope: 'group', scope_id: null, token_digest: digest })).toBe(false);
    expect(validate({ scope: 'instance', scope_id: 1, token_digest: digest })).toBe(false);
    expect(validate({ scope: 'instance', scope_id: null, token_digest: digest })).toBe(true);
    expect(validate({ scope: 'instance', scope_id: null, token_digest: 'GR1348941-plaintext' })).toBe(false);
  });

  it('normalises a token expiry to UTC with milliseconds, as the API renders instants', () => {
    const { command } = DIRECTORY_MESSAGE_TYPES['directory.user.provisioned'].toCommand(
      { id: 50, username: 'x', personal_access_tokens: [{ token_digest: sha256('x'), scopes: ['api'], expires_at: '2027-01-01T01:00:00+01:00' }] },
      NOW,
    );
    expect(command).toMatchObject({ tokens: [{ expiresAt: '2027-01-01T00:00:00.000Z' }] });
  });
});
