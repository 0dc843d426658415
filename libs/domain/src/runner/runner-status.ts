import type { Instant } from '../shared/types';

export interface StatusThresholds {
  /** A runner is online while its last contact is more recent than this (GitLab: 2 hours). */
  readonly onlineTimeoutSeconds: number;
  /** A runner is stale once neither creation nor contact is more recent than this (GitLab: 7 days). */
  readonly staleTimeoutSeconds: number;
}

export const GITLAB_STATUS_THRESHOLDS: StatusThresholds = { onlineTimeoutSeconds: 7200, staleTimeoutSeconds: 604800 };

export type RunnerStatus = 'online' | 'offline' | 'stale' | 'never_contacted';
/** The REST API's deprecated status adds `paused`. */
export type RestRunnerStatus = RunnerStatus | 'paused';

export interface StatusInputs {
  readonly createdAt: Instant;
  readonly contactedAt: Instant | null;
  readonly paused: boolean;
}

/** The same inputs as epoch milliseconds: lists evaluate status for every row, and parsing dates was the costliest part of it. */
export interface StatusTimes {
  readonly createdMs: number;
  readonly contactMs: number | null;
  readonly paused: boolean;
}

const ms = (instant: Instant) => Date.parse(instant);
const times = (inputs: StatusInputs): StatusTimes => ({
  createdMs: ms(inputs.createdAt),
  contactMs: inputs.contactedAt === null ? null : ms(inputs.contactedAt),
  paused: inputs.paused,
});

/** null when never contacted, exactly as GitLab renders `online`. Strict `>`: contact exactly at the limit is offline. */
export function onlineAt(contactMs: number | null, now: number, t: StatusThresholds): boolean | null {
  if (contactMs === null) return null;
  return contactMs > now - t.onlineTimeoutSeconds * 1000;
}

export function staleAt(createdMs: number, contactMs: number | null, now: number, t: StatusThresholds): boolean {
  return Math.max(createdMs, contactMs ?? -Infinity) <= now - t.staleTimeoutSeconds * 1000;
}

/** GitLab's deprecated REST status, evaluated in GitLab's order: stale, never contacted, then online/offline, paused last. */
export function restStatusAt(inputs: StatusTimes, now: number, t: StatusThresholds): RestRunnerStatus {
  if (staleAt(inputs.createdMs, inputs.contactMs, now, t)) return 'stale';
  if (inputs.contactMs === null) return 'never_contacted';
  if (inputs.paused) return 'paused';
  return onlineAt(inputs.contactMs, now, t) ? 'online' : 'offline';
}

/**
 * The `status` list filter. Unlike GitLab's SQL filters (which read a contact time written at most
 * every 40-55 minutes), these read the same contact time as the status field, so both always agree.
 */
export function matchesStatusFilterAt(filter: string, inputs: StatusTimes, now: number, t: StatusThresholds): boolean {
  switch (filter) {
    case 'online':
      return onlineAt(inputs.contactMs, now, t) === true;
    case 'offline':
      return onlineAt(inputs.contactMs, now, t) === false;
    case 'never_contacted':
      return inputs.contactMs === null;
    case 'stale':
      return staleAt(inputs.createdMs, inputs.contactMs, now, t);
    case 'active':
      return !inputs.paused;
    case 'paused':
      return inputs.paused;
    default:
      return false;
  }
}

export function isOnline(contactedAt: Instant | null, now: number, t: StatusThresholds): boolean | null {
  return onlineAt(contactedAt === null ? null : ms(contactedAt), now, t);
}

export function isStale(inputs: Pick<StatusInputs, 'createdAt' | 'contactedAt'>, now: number, t: StatusThresholds): boolean {
  return staleAt(ms(inputs.createdAt), inputs.contactedAt === null ? null : ms(inputs.contactedAt), now, t);
}

export function restRunnerStatus(inputs: StatusInputs, now: number, t: StatusThresholds): RestRunnerStatus {
  return restStatusAt(times(inputs), now, t);
}

export function matchesStatusFilter(filter: string, inputs: StatusInputs, now: number, t: StatusThresholds): boolean {
  return matchesStatusFilterAt(filter, times(inputs), now, t);
}
