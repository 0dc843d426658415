import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../../../../test/support/decider-spec';
import { heartbeatDecision, type HeartbeatSnapshot } from './heartbeat';
import { runnerContactDecider, type RecordRoutineContact } from './runner-contact.decider';
import type { RunnerEvent } from './runner.events';
import type { ManagerInfo } from './runner-manager.types';
import { runnerContactStreamId, runnerIdOfStream, runnerStreamId } from './runner.types';

const spec = deciderSpec(runnerContactDecider);
const at = (minutes: number) => new Date(Date.parse('2026-11-23T10:00:00.000Z') + minutes * 60_000).toISOString();
const policy = { contactThrottleSeconds: 900, onlineTimeoutSeconds: 7200 };
const info: ManagerInfo = { version: '17.0.0', revision: 'abc', platform: 'linux', architecture: 'amd64', executor: 'docker', gpus: null };
const contacted = (minutes: number, systemId = 's_1') => ({ type: 'RunnerContacted' as const, data: { runnerId: 7, systemId, contactedAt: at(minutes) } });
const routine = (minutes: number): RecordRoutineContact => ({ type: 'RecordRoutineContact', runnerId: 7, systemId: 's_1', policy, now: at(minutes) });

describe('a manager\'s contact stream: routine contacts, one per throttle window', () => {
  it('stores the first routine contact of the stream', () => {
    spec.given([]).when(routine(16)).then([contacted(16)]);
  });

  it('stores nothing inside the window of its retained contact, then the next one', () => {
    spec.given([contacted(16)]).when(routine(30)).then([]);
    spec.given([contacted(16)]).when(routine(31)).then([contacted(31)]);
  });

  it('throttles against its latest contact only (all it keeps)', () => {
    spec.given([contacted(31)]).when(routine(40)).then([]);
  });
});

describe('heartbeat decisions: significant facts for the runner stream, routine contacts for the contact stream', () => {
  const snapshot = (contactedAt: string | null, managerContactedAt: string | null, offlineRecorded = false): HeartbeatSnapshot => ({
    contactedAt,
    creationState: 'finished',
    offlineRecorded,
    managers: { s_1: { info, ipAddress: '10.0.0.1', contactedAt: managerContactedAt } },
  });
  const beat = (minutes: number, overrides: object = {}) => ({ systemId: 's_1', info, ipAddress: '10.0.0.1', finishCreation: true, now: at(minutes), ...overrides });
  const decide = (s: HeartbeatSnapshot, minutes: number, overrides: object = {}) => heartbeatDecision(7, s, beat(minutes, overrides), policy);

  it('nothing inside the throttle window', () => {
    expect(decide(snapshot(at(1), at(1)), 10)).toEqual({ significant: [], routine: null });
  });

  it('a routine contact once the window elapsed, and nothing else', () => {
    expect(decide(snapshot(at(1), at(1)), 16)).toEqual({ significant: [], routine: contacted(16) });
  });

  it('significant: the first contact ever, a manager\'s first contact, a return from offline or after the online timeout', () => {
    expect(decide(snapshot(null, null), 1)).toEqual({ significant: [contacted(1)], routine: null });
    expect(decide(snapshot(at(1), null), 2)).toEqual({ significant: [contacted(2)], routine: null });
    expect(decide(snapshot(at(1), at(1), true), 2)).toEqual({ significant: [contacted(2)], routine: null });
    expect(decide(snapshot(at(1), at(1)), 121)).toEqual({ significant: [contacted(121)], routine: null });
  });

  it('significant: new manager details, with their contact, even inside the window', () => {
    const upgraded: RunnerEvent = { type: 'RunnerManagerUpdated', data: { runnerId: 7, systemId: 's_1', info: { version: '17.1.0' }, updatedAt: at(2) } };
    expect(decide(snapshot(at(1), at(1)), 2, { info: { ...info, version: '17.1.0' } })).toEqual({ significant: [upgraded, contacted(2)], routine: null });
  });
});

describe('contact stream names', () => {
  it('name one stream per runner and manager, with a fixed-length digest of the system id', () => {
    const id = runnerContactStreamId(7, 's_1');
    expect(id).toMatch(/^runner-contact-7-[0-9a-f]{32}$/);
    expect(runnerContactStreamId(7, 's_1')).toBe(id);
    expect(runnerContactStreamId(7, 's_2')).not.toBe(id);
    expect(runnerContactStreamId(8, 's_1')).not.toBe(id);
    expect(runnerContactStreamId(7, '../../\u0000 "weird" ' + 'x'.repeat(60))).toMatch(/^runner-contact-7-[0-9a-f]{32}$/);
  });

  it('lead back to the runner, from its own stream or a contact stream', () => {
    expect(runnerIdOfStream(runnerStreamId(7))).toBe(7);
    expect(runnerIdOfStream(runnerContactStreamId(7, 's_1'))).toBe(7);
    expect(runnerIdOfStream('runner-contact-7')).toBeUndefined();
    expect(runnerIdOfStream('user-7')).toBeUndefined();
  });
});
