/**
 * Changes to what the seed provisioned, arriving on runner-registry.directory-events against the
 * real broker: a running service applies them through the directory's change commands, so
 * authentication and access follow at once, without a restart; the same message twice changes
 * nothing; a change to what does not exist, or a plaintext token, is dead-lettered.
 */
import { randomUUID } from 'node:crypto';
import { groupStreamId, projectStreamId, userStreamId } from '@app/domain';
import { DEAD_LETTER_HEADERS } from '@app/kafka/inbound/dead-letter';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { cloudEvent, consumerSuite, sha256, TopicCollector } from './consumer-test-kit';

const USERS = { root: 1, bob: 4, carol: 5, dave: 6 } as const;
const ROOT = patOf('root');

describe('directory-events consumer: changes to existing users, tokens, groups and projects', () => {
  // One partition: messages for different streams are processed (and dead-lettered) in the order sent.
  const suite = consumerSuite('directory', { partitions: 1 });
  const { send } = suite;
  const get = (url: string, token: string) => suite.app.request('GET', url, { token });
  const streamLength = async (streamId: string) => (await suite.store.readStream(streamId)).length;

  it('revoking a personal access token turns its 200 into 401 at once; the user’s other tokens still work', async () => {
    const bob = patOf('bob');
    const bobReadApi = patOf('bob', 'read_api');
    expect((await get('/api/v4/runners', bob)).status).toBe(200);

    const revoke = cloudEvent('directory.personal-access-token.revoked', { user_id: USERS.bob, token_digest: sha256(bob) });
    expect(await send({ key: userStreamId(USERS.bob), value: revoke })).toEqual(['applied']);
    expect((await get('/api/v4/runners', bob)).status).toBe(401);
    expect((await get('/api/v4/runners', bobReadApi)).status).toBe(200);
    const [revoked] = (await suite.store.readStream(userStreamId(USERS.bob))).slice(-1);
    expect({ type: revoked.type, actor: revoked.metadata.actor }).toEqual({ type: 'PersonalAccessTokenRevoked', actor: { type: 'system', name: 'kafka:directory-events' } });

    const length = await streamLength(userStreamId(USERS.bob));
    expect(await send({ key: userStreamId(USERS.bob), value: revoke })).toEqual(['unchanged']);
    expect(await streamLength(userStreamId(USERS.bob))).toBe(length);
    expect((await get('/api/v4/runners', bob)).status).toBe(401);
  });

  it('a token issued to an existing user works at once, with its scopes; the same message twice changes nothing', async () => {
    const token = `glpat-issued-${randomUUID()}`;
    expect((await get('/api/v4/runners', token)).status).toBe(401);

    const issue = cloudEvent('directory.personal-access-token.issued', { user_id: USERS.carol, token_digest: sha256(token), scopes: ['read_api'], expires_at: null });
    expect(await send({ key: userStreamId(USERS.carol), value: issue })).toEqual(['applied']);
    expect((await get('/api/v4/runners', token)).status).toBe(200);
    // read_api only: a write is refused for want of scope, not for want of a user.
    const write = await suite.app.request('POST', '/api/v4/user/runners', { token, payload: { runner_type: 'instance_type' } });
    expect(write.status).toBe(403);
    expect(write.json()).toMatchObject({ error: 'insufficient_scope' });

    const length = await streamLength(userStreamId(USERS.carol));
    expect(await send({ key: userStreamId(USERS.carol), value: issue })).toEqual(['unchanged']);
    expect(await streamLength(userStreamId(USERS.carol))).toBe(length);
    // Carol's seeded token is untouched.
    expect((await get('/api/v4/runners', patOf('carol'))).status).toBe(200);
  });

  it('promoting a user to admin changes what GET /runners/all answers (403 → 200), and demoting changes it back', async () => {
    const dave = patOf('dave');
    expect((await get('/api/v4/runners/all', dave)).status).toBe(403);

    const promote = cloudEvent('directory.user.changed', { id: USERS.dave, admin: true });
    expect(await send({ key: userStreamId(USERS.dave), value: promote })).toEqual(['applied']);
    expect((await get('/api/v4/runners/all', dave)).status).toBe(200);
    expect(await send({ key: userStreamId(USERS.dave), value: promote })).toEqual(['unchanged']);

    const demote = cloudEvent('directory.user.changed', { id: USERS.dave, admin: false, name: 'Dave D.' });
    expect(await send({ key: userStreamId(USERS.dave), value: demote })).toEqual(['applied']);
    expect((await get('/api/v4/runners/all', dave)).status).toBe(403);
    expect((await suite.store.readStream(userStreamId(USERS.dave))).slice(-2).map((e) => e.data)).toEqual([
      { userId: USERS.dave, changes: { admin: true } },
      { userId: USERS.dave, changes: { admin: false, name: 'Dave D.' } },
    ]);
  });

  it('a project’s settings change: shared runners switched off leave its runner list, and its new name shows on its runners', async () => {
    const shared = (await suite.app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json<{ id: number }>();
    const own = (await suite.app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1) } })).json<{ id: number }>();
    const listed = async () => (await get('/api/v4/projects/1/runners', ROOT)).json<{ id: number }[]>().map((r) => r.id);
    expect(await listed()).toEqual(expect.arrayContaining([shared.id, own.id]));

    const change = cloudEvent('directory.project.changed', { id: 1, shared_runners_enabled: false, name: 'Renamed CE', description: 'moved' });
    expect(await send({ key: projectStreamId(1), value: change })).toEqual(['applied']);
    const after = await listed();
    expect(after).toContain(own.id);
    expect(after).not.toContain(shared.id);
    const runner = (await get(`/api/v4/runners/${own.id}`, ROOT)).json<{ projects: { id: number; name: string; description: string | null; name_with_namespace: string }[] }>();
    expect(runner.projects).toEqual([expect.objectContaining({ id: 1, name: 'Renamed CE', description: 'moved', name_with_namespace: 'GitLab.org / Renamed CE' })]);

    const length = await streamLength(projectStreamId(1));
    expect(await send({ key: projectStreamId(1), value: change })).toEqual(['unchanged']);
    expect(await streamLength(projectStreamId(1))).toBe(length);
  });

  it('a group’s settings change: registration tokens switched off on the root group → its projects’ tokens answer 410', async () => {
    expect((await suite.app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1) } })).status).toBe(201);
    const off = cloudEvent('directory.group.changed', { id: 9, allow_runner_registration_token: false, runner_token_expiration_interval: 3600 });
    expect(await send({ key: groupStreamId(9), value: off })).toEqual(['applied']);
    expect((await suite.app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1) } })).status).toBe(410);
    expect(await send({ key: groupStreamId(9), value: off })).toEqual(['unchanged']);
  });

  it('a token another user holds, or a username another user has, is dead-lettered: the holder keeps its token and name', async () => {
    const deadLetters = await TopicCollector.start(suite.topics.deadLetter);
    try {
      const dave = patOf('dave');
      const stolen = cloudEvent('directory.personal-access-token.issued', { user_id: USERS.carol, token_digest: sha256(dave), scopes: ['api'] });
      const rename = cloudEvent('directory.user.changed', { id: USERS.carol, username: 'DAVE' });
      expect(await send({ key: userStreamId(USERS.carol), value: stolen }, { key: userStreamId(USERS.carol), value: rename })).toEqual(['dead-lettered', 'dead-lettered']);
      const letters = await deadLetters.waitForEvents([stolen.id as string, rename.id as string]);
      expect(letters.map((l) => [l.headers[DEAD_LETTER_HEADERS.reason], l.headers[DEAD_LETTER_HEADERS.detail]])).toEqual([
        ['rejected-by-domain', `IssuePersonalAccessToken on user-${USERS.carol}: conflict (Token digest is already held by another user)`],
        ['rejected-by-domain', `ChangeUserProfile on user-${USERS.carol}: validation (username has already been taken)`],
      ]);
      expect((await get('/api/v4/runners', dave)).status).toBe(200);
      const carolEvents = (await suite.store.readStream(userStreamId(USERS.carol))).map((e) => e.data as { tokenDigest?: string; changes?: { username?: string } });
      expect(carolEvents.some((data) => data.tokenDigest === sha256(dave) || data.changes?.username === 'DAVE')).toBe(false);
    } finally {
      await deadLetters.stop();
    }
  });

  it('a change to a user, group or project that does not exist, or a plaintext token, is dead-lettered; the next message still applies', async () => {
    const deadLetters = await TopicCollector.start(suite.topics.deadLetter);
    try {
      const messages = [
        { key: userStreamId(999), value: cloudEvent('directory.user.changed', { id: 999, admin: true }) },
        { key: userStreamId(999), value: cloudEvent('directory.personal-access-token.issued', { user_id: 999, token_digest: sha256('x'), scopes: ['api'] }) },
        { key: groupStreamId(999), value: cloudEvent('directory.group.changed', { id: 999, name: 'ghost' }) },
        { key: projectStreamId(999), value: cloudEvent('directory.project.changed', { id: 999, name: 'ghost' }) },
        { key: userStreamId(USERS.carol), value: cloudEvent('directory.personal-access-token.issued', { user_id: USERS.carol, token: 'glpat-plaintext', scopes: ['api'] }) },
        { key: userStreamId(USERS.carol), value: cloudEvent('directory.user.changed', { id: USERS.carol, auditor: true }) },
      ];
      expect(await send(...messages)).toEqual(['dead-lettered', 'dead-lettered', 'dead-lettered', 'dead-lettered', 'dead-lettered', 'applied']);
      const letters = await deadLetters.waitForEvents(messages.slice(0, 5).map((m) => m.value.id as string));
      expect(letters.map((l) => [l.headers[DEAD_LETTER_HEADERS.reason], l.headers[DEAD_LETTER_HEADERS.detail]])).toEqual([
        ['rejected-by-domain', 'ChangeUserProfile on user-999: not_found (User)'],
        ['rejected-by-domain', 'IssuePersonalAccessToken on user-999: not_found (User)'],
        ['rejected-by-domain', 'ChangeGroupSettings on group-999: not_found (Group)'],
        ['rejected-by-domain', 'ChangeProjectSettings on project-999: not_found (Project)'],
        ['plaintext-token', expect.stringContaining('$.data.token')],
      ]);
      expect(letters.map((l) => l.value).join('\n')).not.toContain('glpat-plaintext');
      expect(await suite.store.readStream(userStreamId(999))).toEqual([]);
    } finally {
      await deadLetters.stop();
    }
  });
});
