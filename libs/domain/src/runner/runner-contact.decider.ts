import type { Decider } from '../shared/decider';
import type { Instant } from '../shared/types';
import type { ContactPolicy } from './heartbeat';
import type { RunnerContacted } from './runner.events';

/**
 * A routine contact of one runner manager: only its throttle window elapsed, nothing else changed
 * (see managerHeartbeatDecision). Goes to the manager's contact stream, runnerContactStreamId.
 */
export interface RecordRoutineContact {
  readonly type: 'RecordRoutineContact';
  readonly runnerId: number;
  readonly systemId: string;
  readonly policy: ContactPolicy;
  readonly now: Instant;
}

/** A contact stream keeps its latest event only, and that is all its decider needs. */
export interface RunnerContactState {
  readonly contactedAt: Instant | null;
}

export const initialRunnerContactState: RunnerContactState = { contactedAt: null };

/**
 * At most one routine contact per manager per throttle window, checked against the stream's own
 * retained event: replicas (or concurrent polls) that both decided on the query model append once,
 * the loser re-reads under its expected revision and finds the window taken.
 */
export function decideRunnerContact(command: RecordRoutineContact, state: RunnerContactState): RunnerContacted[] {
  const { runnerId, systemId, now, policy } = command;
  if (state.contactedAt !== null && (Date.parse(now) - Date.parse(state.contactedAt)) / 1000 < policy.contactThrottleSeconds) return [];
  return [{ type: 'RunnerContacted', data: { runnerId, systemId, contactedAt: now } }];
}

export function evolveRunnerContact(state: RunnerContactState, event: RunnerContacted): RunnerContactState {
  return event.type === 'RunnerContacted' ? { contactedAt: event.data.contactedAt } : state;
}

export const runnerContactDecider: Decider<RecordRoutineContact, RunnerContacted, RunnerContactState> = {
  initialState: initialRunnerContactState,
  decide: decideRunnerContact,
  evolve: evolveRunnerContact,
};
