import { describe, expect, it } from '@jest/globals';
import { UpcasterChain, type RecordedEvent } from '@app/event-store';
import { deciderSpec } from '@app/domain/testing';
import { EVENT_SCHEMA_VERSIONS, EVENT_UPCASTERS } from '../event-schemas';
import { runnerDecider } from './runner.decider';
import type { ManagerInfo } from './runner-manager.types';
import type { RunnerCommand } from './runner.commands';
import type { RunnerEvent } from './runner.events';

/**
 * given(a payload exactly as the v1 code stored it) / then(the current payload). The v1 payloads
 * below are copied from test/fixtures/event-log-v1.jsonl, which the v1 code wrote.
 */
const chain = new UpcasterChain({ currentVersions: EVENT_SCHEMA_VERSIONS, upcasters: EVENT_UPCASTERS });
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 8, minute)).toISOString();

let position = 0;
function storedV1(type: string, data: unknown): RecordedEvent {
  position++;
  const metadata = { occurredAt: at(0), actor: { type: 'system', name: 'spec' }, correlationId: 'c', causationId: 'c', schemaVersion: 1 };
  return { id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`, type, data, metadata, streamId: 'runner-4', revision: position, position, recordedAt: at(0) };
}

const given = (type: string, data: unknown) => ({
  then(expected: unknown) {
    const upcast = chain.upcast(storedV1(type, data));
    expect(upcast.data).toEqual(expected);
    expect(upcast.metadata.schemaVersion).toBe(EVENT_SCHEMA_VERSIONS[type as keyof typeof EVENT_SCHEMA_VERSIONS]);
    // Key order too: history and Kafka consumers see the payload as a current writer would write it.
    expect(Object.keys(upcast.data as object)).toEqual(Object.keys(expected as object));
  },
});

const creationV1 = {
  runnerId: 4, runnerType: 'project_type', registrationType: 'authenticated_user', groupId: null, ownerProjectId: 2, projectIds: [2],
  name: null, paused: false, description: 'alice laptop', locked: false, runUntagged: true, accessLevel: 'not_protected',
  maximumTimeout: null, maintenanceNote: null, tagList: ['macos'], creationState: 'started', creatorId: 3,
  tokenDigest: '2ac72b8ebc8e28d08b4e8d280a5c2c3ee613f268971bbcf2d67fd2c0261236e6', tokenExpiresAt: null, registeredAt: at(16),
};
const { registeredAt: _registeredAt, ...creationWithoutTime } = creationV1;
const creationV2 = { ...creationWithoutTime, createdAt: at(16) };
const info: ManagerInfo = { version: '17.4.0', revision: 'b92ee590', platform: 'darwin', architecture: 'arm64', executor: 'unknown', gpus: 'all' };

describe('runner upcasters', () => {
  describe('RunnerRegistered and RunnerCreated v1 → v2: registeredAt is renamed createdAt', () => {
    it.each(['RunnerRegistered', 'RunnerCreated'])('%s', (type) => {
      given(type, creationV1).then(creationV2);
    });
  });

  it('RunnerManagerRegistered v1 → v2: registeredAt is renamed createdAt', () => {
    given('RunnerManagerRegistered', { runnerId: 4, systemId: 's_alice', info, ipAddress: '127.0.0.1', registeredAt: at(17) })
      .then({ runnerId: 4, systemId: 's_alice', info, ipAddress: '127.0.0.1', createdAt: at(17) });
  });

  describe('RunnerContacted v1 → v2: systemId is always present', () => {
    it('keeps the manager that called', () => {
      given('RunnerContacted', { runnerId: 4, systemId: 's_alice', contactedAt: at(17) }).then({ runnerId: 4, systemId: 's_alice', contactedAt: at(17) });
    });

    it('says null where a contact from before runner managers named none', () => {
      given('RunnerContacted', { runnerId: 4, contactedAt: at(17) }).then({ runnerId: 4, systemId: null, contactedAt: at(17) });
    });
  });

  describe('the decider folds upcast history as if it had been written today', () => {
    const spec = deciderSpec(runnerDecider);
    const historyV1 = [
      storedV1('RunnerCreated', creationV1),
      storedV1('RunnerManagerRegistered', { runnerId: 4, systemId: 's_alice', info, ipAddress: '127.0.0.1', registeredAt: at(17) }),
      storedV1('RunnerCreationFinished', { runnerId: 4, finishedAt: at(17) }),
      storedV1('RunnerContacted', { runnerId: 4, systemId: 's_alice', contactedAt: at(17) }),
      storedV1('RunnerContacted', { runnerId: 4, contactedAt: at(18) }),
    ];
    const history = historyV1.map((event) => chain.upcast(event)).map(({ type, data }) => ({ type, data }) as RunnerEvent);
    const heartbeat = (minute: number): RunnerCommand => ({
      type: 'RecordHeartbeat',
      runnerId: 4,
      heartbeat: { systemId: 's_alice', info, ipAddress: '127.0.0.1', finishCreation: true, now: at(minute) },
      policy: { contactThrottleSeconds: 900, onlineTimeoutSeconds: 7200 },
      lastContactedAt: null,
    });

    it('a poll inside the throttle window of the upcast contact stores nothing', () => {
      spec.given(history).when(heartbeat(20)).then([]);
    });

    it('a poll after the window is a routine contact, not the runner stream\'s; one after the online timeout stores a contact, in the current shape', () => {
      spec.given(history).when(heartbeat(40)).then([]);
      spec.given(history).when(heartbeat(140)).then([{ type: 'RunnerContacted', data: { runnerId: 4, systemId: 's_alice', contactedAt: at(140) } }]);
    });

    it('the upcast manager can be deleted; an unknown one cannot', () => {
      spec.given(history).when({ type: 'DeleteRunnerManager', runnerId: 4, systemId: 's_alice', now: at(41) })
        .then([{ type: 'RunnerManagerDeleted', data: { runnerId: 4, systemId: 's_alice', deletedAt: at(41) } }]);
      spec.given(history).when({ type: 'DeleteRunnerManager', runnerId: 4, systemId: 's_bob', now: at(41) }).thenFails('not_found');
    });
  });
});
