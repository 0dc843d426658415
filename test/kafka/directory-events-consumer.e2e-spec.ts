/**
 * runner-registry.directory-events against the real broker: a running service (startTestApp with
 * KAFKA_BROKERS, unique topics) applies directory changes published on Kafka through the seed
 * loader's directory commands, so access changes at once, without a restart, and a message seen
 * twice changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { projectStreamId, userStreamId } from '@app/domain';
import { DirectoryProjection } from '@app/projections';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { cloudEvent, consumerSuite, sha256 } from './consumer-test-kit';

const EVE = 7;

describe('directory-events consumer', () => {
  const suite = consumerSuite('directory');
  const { send } = suite;
  const projectRunners = (token: string) => suite.app.request('GET', '/api/v4/projects/1/runners', { token });
  const streamLength = async (streamId: string) => (await suite.store.readStream(streamId)).length;
  const eveLevelOnProject1 = () => suite.app.app.get(DirectoryProjection).project(1)?.members?.[EVE];

  it('a new user with a personal access token digest can sign in at once (401 before)', async () => {
    const token = `glpat-kafka-${randomUUID()}`;
    expect((await suite.app.request('GET', '/api/v4/runners', { token })).status).toBe(401);

    const user = { id: 101, username: 'kafka-user', name: 'Kafka User', personal_access_tokens: [{ token_digest: sha256(token), scopes: ['api'] }] };
    expect(await send({ key: userStreamId(101), value: cloudEvent('directory.user.provisioned', user) })).toEqual(['applied']);

    const response = await suite.app.request('GET', '/api/v4/runners', { token });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual([]);
    const events = await suite.store.readStream(userStreamId(101));
    expect(events.map((e) => e.type)).toEqual(['UserProvisioned', 'PersonalAccessTokenIssued']);
    expect(events[0].metadata.actor).toEqual({ type: 'system', name: 'kafka:directory-events' });
  });

  it('a membership granted on Kafka turns 404 into 200, and revoking it takes access away again', async () => {
    const eve = patOf('eve');
    expect((await projectRunners(eve)).status).toBe(404);

    const grant = cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: EVE, access_level: 40 });
    expect(await send({ key: projectStreamId(1), value: grant })).toEqual(['applied']);
    expect((await projectRunners(eve)).status).toBe(200);

    const revoke = cloudEvent('directory.membership.revoked', { source: 'project', source_id: 1, user_id: EVE });
    expect(await send({ key: projectStreamId(1), value: revoke })).toEqual(['applied']);
    expect((await projectRunners(eve)).status).toBe(404);
  });

  it('the same message twice changes nothing: no second event, same access', async () => {
    const grant = cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: EVE, access_level: 30 });
    expect(await send({ key: projectStreamId(1), value: grant })).toEqual(['applied']);
    const length = await streamLength(projectStreamId(1));

    expect(await send({ key: projectStreamId(1), value: grant })).toEqual(['unchanged']);
    expect(await streamLength(projectStreamId(1))).toBe(length);
    expect(eveLevelOnProject1()).toBe(30);
  });

  it('a message redelivered after later changes does not undo them (it had changed something)', async () => {
    const raise = cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: EVE, access_level: 40 });
    const lower = cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: EVE, access_level: 20 });
    expect(await send({ key: projectStreamId(1), value: raise }, { key: projectStreamId(1), value: lower })).toEqual(['applied', 'applied']);
    const length = await streamLength(projectStreamId(1));

    // Deciding again would grant 40; the event id derived from the message id is already stored.
    expect(await send({ key: projectStreamId(1), value: raise })).toEqual(['applied']);
    expect(await streamLength(projectStreamId(1))).toBe(length);
    expect(eveLevelOnProject1()).toBe(20);
    expect((await projectRunners(patOf('eve'))).status).toBe(403);
  });

  it('a message redelivered after later changes does not undo them (it had changed nothing)', async () => {
    const same = cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: EVE, access_level: 20 });
    const raise = cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: EVE, access_level: 40 });
    expect(await send({ key: projectStreamId(1), value: same }, { key: projectStreamId(1), value: raise })).toEqual(['unchanged', 'applied']);
    const length = await streamLength(projectStreamId(1));

    // It left no event behind; the ledger of unchanged messages recognises it.
    expect(await send({ key: projectStreamId(1), value: same })).toEqual(['duplicate']);
    expect(await streamLength(projectStreamId(1))).toBe(length);
    expect(eveLevelOnProject1()).toBe(40);
    expect((await projectRunners(patOf('eve'))).status).toBe(200);
  });

  it('a registration token reset on Kafka: the new token registers, the old one no longer does', async () => {
    const token = `GR1348941-kafka-${randomUUID()}`;
    const reset = cloudEvent('directory.registration-token.reset', { scope: 'instance', scope_id: null, token_digest: sha256(token) });
    expect(await send({ key: 'instance-settings', value: reset })).toEqual(['applied']);

    expect((await suite.app.request('POST', '/api/v4/runners', { payload: { token } })).status).toBe(201);
    expect((await suite.app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).status).toBe(403);
  });

  it('instance settings changed on Kafka: registration tokens switched off → 410', async () => {
    const token = `GR1348941-kafka-${randomUUID()}`;
    const reset = cloudEvent('directory.registration-token.reset', { scope: 'instance', scope_id: null, token_digest: sha256(token) });
    const off = cloudEvent('directory.instance-settings.changed', { allow_runner_registration_token: false });
    expect(await send({ key: 'instance-settings', value: reset }, { key: 'instance-settings', value: off })).toEqual(['applied', 'applied']);
    expect((await suite.app.request('POST', '/api/v4/runners', { payload: { token } })).status).toBe(410);
  });

  it('a group and a project provisioned with members: the project Maintainer reads its runners', async () => {
    const group = { id: 301, name: 'Kafka Group', path: 'kafka-group', parent_id: null, members: [] };
    const project = { id: 302, name: 'Kafka Project', path: 'kafka-project', namespace_id: 301, members: [{ user_id: EVE, access_level: 40 }] };
    expect((await suite.app.request('GET', '/api/v4/projects/302/runners', { token: patOf('eve') })).status).toBe(404);
    expect(
      await send({ key: 'group-301', value: cloudEvent('directory.group.provisioned', group) }, { key: 'project-302', value: cloudEvent('directory.project.provisioned', project) }),
    ).toEqual(['applied', 'applied']);
    expect((await suite.app.request('GET', '/api/v4/projects/302/runners', { token: patOf('eve') })).status).toBe(200);
    expect((await suite.app.request('GET', '/api/v4/projects/302/runners', { token: patOf('bob') })).status).toBe(404);
  });
});
