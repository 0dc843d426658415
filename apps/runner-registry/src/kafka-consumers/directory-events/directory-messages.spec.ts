import { createHash } from 'node:crypto';
import { readDirectorySeed } from '../../directory/directory-seed';
import { seedCommands } from '../../directory/seed-loader';
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
      data: { ...u, personal_access_tokens: u.personal_access_tokens.map((t: any) => ({ token_digest: sha256(t.token), scopes: t.scopes })) },
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
