import { describe, it } from '@jest/globals';
import { deciderSpec } from '@app/domain/testing';
import type { RecordHeartbeat, RecordStatusTransition } from './runner.commands';
import { runnerDecider } from './runner.decider';
import type { RunnerEvent } from './runner.events';
import type { ManagerInfo } from './runner-manager.types';

const spec = deciderSpec(runnerDecider);
const at = (minutes: number) => new Date(Date.parse('2026-11-23T10:00:00.000Z') + minutes * 60_000).toISOString();
const policy = { contactThrottleSeconds: 900, onlineTimeoutSeconds: 7200 };
const thresholds = { onlineTimeoutSeconds: 7200, staleTimeoutSeconds: 604800 };
const info: ManagerInfo = { version: '17.0.0', revision: 'abc', platform: 'linux', architecture: 'amd64', executor: 'docker', gpus: null };

const registered: RunnerEvent = {
  type: 'RunnerRegistered',
  data: {
    runnerId: 7, runnerType: 'instance_type', registrationType: 'authenticated_user', groupId: null, ownerProjectId: null, projectIds: [],
    name: null, paused: false, description: null, locked: false, runUntagged: true, accessLevel: 'not_protected', maximumTimeout: null,
    maintenanceNote: null, tagList: [], creationState: 'started', creatorId: 3, tokenDigest: 'd', tokenExpiresAt: null, createdAt: at(0),
  },
};
const poll = (minutes: number, overrides: Partial<RecordHeartbeat['heartbeat']> = {}, lastContactedAt: string | null = null): RecordHeartbeat => ({
  type: 'RecordHeartbeat',
  runnerId: 7,
  heartbeat: { systemId: 's_1', info, ipAddress: '10.0.0.1', finishCreation: true, now: at(minutes), ...overrides },
  policy,
  lastContactedAt,
});
const managerRegistered: RunnerEvent = { type: 'RunnerManagerRegistered', data: { runnerId: 7, systemId: 's_1', info, ipAddress: '10.0.0.1', createdAt: at(1) } };
const contacted = (minutes: number): RunnerEvent => ({ type: 'RunnerContacted', data: { runnerId: 7, systemId: 's_1', contactedAt: at(minutes) } });
const finished: RunnerEvent = { type: 'RunnerCreationFinished', data: { runnerId: 7, finishedAt: at(1) } };
const firstPoll = [registered, managerRegistered, finished, contacted(1)];

describe('heartbeats: a poll is not a stored event', () => {
  it('stores the first job request: a new manager, the finished creation and the contact', () => {
    spec.given([registered]).when(poll(1)).then([managerRegistered, finished, contacted(1)]);
  });

  it('stores nothing for polls inside the throttle window', () => {
    spec.given(firstPoll).when(poll(2)).then([]);
    spec.given(firstPoll).when(poll(15.9)).then([]);
  });

  it('leaves a routine contact (only the throttle window elapsed) to the manager\'s contact stream', () => {
    spec.given(firstPoll).when(poll(16)).then([]);
    spec.given(firstPoll).when(poll(100, {}, at(90))).then([]);
  });

  it('stores a return after the online timeout, counted from the freshest contact the caller knows', () => {
    spec.given(firstPoll).when(poll(121)).then([contacted(121)]);
    spec.given(firstPoll).when(poll(200, {}, at(90))).then([]);
    spec.given(firstPoll).when(poll(211, {}, at(90))).then([contacted(211)]);
    // An older contact than the stream's own changes nothing.
    spec.given([...firstPoll, contacted(100)]).when(poll(200, {}, at(50))).then([]);
  });

  it('stores a return after becoming stale, whatever the caller knows', () => {
    const stale: RunnerEvent = { type: 'RunnerBecameStale', data: { runnerId: 7, lastContactedAt: at(1), detectedAt: at(10_081) } };
    spec.given([...firstPoll, stale]).when(poll(10_082, {}, at(10_081))).then([contacted(10_082)]);
  });

  it('stores a version upgrade at once, with the contact', () => {
    spec
      .given(firstPoll)
      .when(poll(2, { info: { ...info, version: '17.1.0' } }))
      .then([{ type: 'RunnerManagerUpdated', data: { runnerId: 7, systemId: 's_1', info: { version: '17.1.0' }, updatedAt: at(2) } }, contacted(2)]);
  });

  it('stores the first contact of a second manager', () => {
    spec
      .given(firstPoll)
      .when(poll(2, { systemId: 's_2' }))
      .then([
        { type: 'RunnerManagerRegistered', data: { runnerId: 7, systemId: 's_2', info, ipAddress: '10.0.0.1', createdAt: at(2) } },
        { type: 'RunnerContacted', data: { runnerId: 7, systemId: 's_2', contactedAt: at(2) } },
      ]);
  });

  it('stores a return to online after the runner went offline', () => {
    const wentOffline: RunnerEvent = { type: 'RunnerWentOffline', data: { runnerId: 7, lastContactedAt: at(1), detectedAt: at(121) } };
    spec.given([...firstPoll, wentOffline]).when(poll(122)).then([contacted(122)]);
    spec.given([...firstPoll, wentOffline]).when(poll(122, {}, at(121))).then([contacted(122)]);
  });

  it('verify registers a manager without details and does not finish creation', () => {
    spec
      .given([registered])
      .when(poll(1, { info: null, finishCreation: false }))
      .then([
        { type: 'RunnerManagerRegistered', data: { runnerId: 7, systemId: 's_1', info: { version: null, revision: null, platform: null, architecture: null, executor: null, gpus: null }, ipAddress: '10.0.0.1', createdAt: at(1) } },
        contacted(1),
      ]);
  });
});

describe('system ids that shadow Object.prototype members', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('treats %s as an ordinary new manager, then as a known one', (systemId) => {
    const registeredManager: RunnerEvent = { type: 'RunnerManagerRegistered', data: { runnerId: 7, systemId, info, ipAddress: '10.0.0.1', createdAt: at(1) } };
    const contact: RunnerEvent = { type: 'RunnerContacted', data: { runnerId: 7, systemId, contactedAt: at(1) } };
    spec.given([registered, finished]).when(poll(1, { systemId })).then([registeredManager, contact]);
    spec.given([registered, finished, registeredManager, contact]).when(poll(2, { systemId })).then([]);
    spec.given([registered]).when({ type: 'DeleteRunnerManager', runnerId: 7, systemId, now: at(2) }).thenFails('not_found');
  });
});

describe('status transitions: once each, never against the log', () => {
  const transition = (kind: 'offline' | 'stale', minutes: number, lastContactedAt: string | null = null): RecordStatusTransition => ({
    type: 'RecordStatusTransition', runnerId: 7, transition: kind, thresholds, now: at(minutes), lastContactedAt,
  });
  const offline: RunnerEvent = { type: 'RunnerWentOffline', data: { runnerId: 7, lastContactedAt: at(1), detectedAt: at(121) } };

  it('records going offline once, after the online timeout', () => {
    spec.given(firstPoll).when(transition('offline', 120)).then([]);
    spec.given(firstPoll).when(transition('offline', 121)).then([offline]);
    spec.given([...firstPoll, offline]).when(transition('offline', 130)).then([]);
  });

  it('records becoming stale once, and not offline after that', () => {
    const days8 = 8 * 24 * 60;
    const stale: RunnerEvent = { type: 'RunnerBecameStale', data: { runnerId: 7, lastContactedAt: at(1), detectedAt: at(days8) } };
    spec.given([...firstPoll, offline]).when(transition('stale', days8)).then([stale]);
    spec.given([...firstPoll, offline, stale]).when(transition('stale', days8 + 1)).then([]);
    spec.given([...firstPoll, offline, stale]).when(transition('offline', days8 + 1)).then([]);
  });

  it('counts from the freshest contact the caller knows (routine contacts live in contact streams)', () => {
    spec.given(firstPoll).when(transition('offline', 200, at(90))).then([]);
    spec.given(firstPoll).when(transition('offline', 211, at(90))).then([
      { type: 'RunnerWentOffline', data: { runnerId: 7, lastContactedAt: at(90), detectedAt: at(211) } },
    ]);
    spec.given(firstPoll).when(transition('offline', 121, at(0))).then([offline]);
    const days8 = 8 * 24 * 60;
    spec.given([...firstPoll, offline]).when(transition('stale', days8, at(days8 - 60))).then([]);
  });

  it('starts over after a new contact', () => {
    spec.given([...firstPoll, offline, contacted(200)]).when(transition('offline', 321)).then([
      { type: 'RunnerWentOffline', data: { runnerId: 7, lastContactedAt: at(200), detectedAt: at(321) } },
    ]);
  });

  it('manager deletion needs an existing manager', () => {
    spec.given(firstPoll).when({ type: 'DeleteRunnerManager', runnerId: 7, systemId: 's_9', now: at(2) }).thenFails('not_found');
    spec.given(firstPoll).when({ type: 'DeleteRunnerManager', runnerId: 7, systemId: 's_1', now: at(2) }).then([
      { type: 'RunnerManagerDeleted', data: { runnerId: 7, systemId: 's_1', deletedAt: at(2) } },
    ]);
  });
});

describe('stale manager cleanup (GitLab StaleManagersCleanupService)', () => {
  const days = (n: number) => n * 24 * 60;
  const cleanup = (minutes: number, lastContactedAt: string | null = null) => ({
    type: 'DeleteStaleRunnerManager' as const,
    runnerId: 7,
    systemId: 's_1',
    lastContactedAt,
    thresholds,
    now: at(minutes),
  });
  const deleted = (minutes: number): RunnerEvent => ({ type: 'RunnerManagerDeleted', data: { runnerId: 7, systemId: 's_1', deletedAt: at(minutes) } });

  it('deletes a manager last seen (or created) a stale timeout ago', () => {
    spec.given(firstPoll).when(cleanup(1 + days(7))).then([deleted(1 + days(7))]);
    spec.given([registered, managerRegistered]).when(cleanup(1 + days(7))).then([deleted(1 + days(7))]);
  });

  it('keeps a manager seen within the stale timeout, by the log or by the fresher contact the caller knows', () => {
    spec.given(firstPoll).when(cleanup(days(7))).then([]);
    spec.given([...firstPoll, contacted(days(3))]).when(cleanup(1 + days(7))).then([]);
    spec.given(firstPoll).when(cleanup(1 + days(7), at(days(6)))).then([]);
  });

  it('does nothing, and does not fail, when the manager is already gone', () => {
    spec.given([...firstPoll, deleted(10)]).when(cleanup(days(30))).then([]);
  });
});
