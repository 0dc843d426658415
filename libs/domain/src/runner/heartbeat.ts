import { ownEntry } from '../shared/own-entry';
import type { Instant } from '../shared/types';
import type { RunnerEvent } from './runner.events';
import type { ManagerInfo } from './runner-manager.types';
import type { CreationState } from './runner.types';

/** How often a polling runner's contact is written down, and when it counts as offline. */
export interface ContactPolicy {
  /** At most one stored contact per manager per window while nothing else changes (default 15 minutes). */
  readonly contactThrottleSeconds: number;
  readonly onlineTimeoutSeconds: number;
}

export interface StoredManager {
  readonly info: ManagerInfo;
  readonly ipAddress: string | null;
  /** The last contact written to the log (fresher ones live in the contact cache). */
  readonly contactedAt: Instant | null;
}

/** What the heartbeat rules read; the decider's state and the runners query model both provide it. */
export interface HeartbeatSnapshot {
  readonly contactedAt: Instant | null;
  readonly creationState: CreationState;
  /** The status monitor recorded RunnerWentOffline or RunnerBecameStale since the last stored contact. */
  readonly offlineRecorded: boolean;
  readonly managers: Readonly<Record<string, StoredManager>>;
}

export interface Heartbeat {
  readonly systemId: string;
  /** null when the call carries no details (verify): the manager keeps what it had. */
  readonly info: ManagerInfo | null;
  readonly ipAddress: string | null;
  /** Job requests finish a user-created runner's creation; verify does not. */
  readonly finishCreation: boolean;
  readonly now: Instant;
}

const seconds = (from: Instant, to: Instant) => (Date.parse(to) - Date.parse(from)) / 1000;

function infoChanges(stored: StoredManager, heartbeat: Heartbeat): { info: Partial<ManagerInfo>; ipAddress?: string | null } | null {
  // Runs on every poll: nothing is allocated unless something changed.
  let info: Partial<Record<keyof ManagerInfo, unknown>> | null = null;
  if (heartbeat.info) {
    for (const key in heartbeat.info) {
      const value = heartbeat.info[key as keyof ManagerInfo];
      if (value !== stored.info[key as keyof ManagerInfo]) (info ??= {})[key as keyof ManagerInfo] = value;
    }
  }
  const ipChanged = heartbeat.ipAddress !== null && heartbeat.ipAddress !== stored.ipAddress;
  if (info === null && !ipChanged) return null;
  const changed = (info ?? {}) as Partial<ManagerInfo>;
  return ipChanged ? { info: changed, ipAddress: heartbeat.ipAddress } : { info: changed };
}

/** A runner as the heartbeat rules read it, apart from its managers. */
export type RunnerContactSnapshot = Omit<HeartbeatSnapshot, 'managers'>;

/**
 * Which facts a heartbeat adds to the log. A poll is stored only when it changes something
 * observable: the first contact, a return from offline, a new manager or new manager details,
 * a finished creation; otherwise at most once per manager per throttle window. Everything else
 * lives in the contact cache, so 10,000 polling runners do not flood the log.
 */
export function heartbeatEvents(runnerId: number, snapshot: HeartbeatSnapshot, heartbeat: Heartbeat, policy: ContactPolicy): RunnerEvent[] {
  return managerHeartbeatEvents(runnerId, snapshot, ownEntry(snapshot.managers, heartbeat.systemId), heartbeat, policy);
}

/** heartbeatEvents, given the calling manager as stored (undefined if new) instead of all of them. */
export function managerHeartbeatEvents(
  runnerId: number,
  snapshot: RunnerContactSnapshot,
  manager: StoredManager | undefined,
  heartbeat: Heartbeat,
  policy: ContactPolicy,
): RunnerEvent[] {
  const events: RunnerEvent[] = [];
  const { systemId, now } = heartbeat;

  if (!manager) {
    events.push({
      type: 'RunnerManagerRegistered',
      data: { runnerId, systemId, info: heartbeat.info ?? { version: null, revision: null, platform: null, architecture: null, executor: null, gpus: null }, ipAddress: heartbeat.ipAddress, createdAt: now },
    });
  } else {
    const changes = infoChanges(manager, heartbeat);
    if (changes) events.push({ type: 'RunnerManagerUpdated', data: { runnerId, systemId, ...changes, updatedAt: now } });
  }
  if (heartbeat.finishCreation && snapshot.creationState === 'started') {
    events.push({ type: 'RunnerCreationFinished', data: { runnerId, finishedAt: now } });
  }

  const contactDue =
    snapshot.contactedAt === null ||
    snapshot.offlineRecorded ||
    seconds(snapshot.contactedAt, now) >= policy.onlineTimeoutSeconds ||
    manager?.contactedAt == null ||
    seconds(manager.contactedAt, now) >= policy.contactThrottleSeconds;
  if (contactDue || events.length > 0) events.push({ type: 'RunnerContacted', data: { runnerId, systemId, contactedAt: now } });
  return events;
}
