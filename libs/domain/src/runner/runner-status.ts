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

const ms = (instant: Instant) => Date.parse(instant);

/** null when never contacted, exactly as GitLab renders `online`. Strict `>`: contact exactly at the limit is offline. */
export function isOnline(contactedAt: Instant | null, now: number, t: StatusThresholds): boolean | null {
  if (contactedAt === null) return null;
  return ms(contactedAt) > now - t.onlineTimeoutSeconds * 1000;
}

export function isStale(inputs: Pick<StatusInputs, 'createdAt' | 'contactedAt'>, now: number, t: StatusThresholds): boolean {
  const lastSeen = Math.max(ms(inputs.createdAt), inputs.contactedAt === null ? -Infinity : ms(inputs.contactedAt));
  return lastSeen <= now - t.staleTimeoutSeconds * 1000;
}

/** GitLab's deprecated REST status, evaluated in GitLab's order: stale, never contacted, then online/offline, paused last. */
export function restRunnerStatus(inputs: StatusInputs, now: number, t: StatusThresholds): RestRunnerStatus {
  if (isStale(inputs, now, t)) return 'stale';
  if (inputs.contactedAt === null) return 'never_contacted';
  if (inputs.paused) return 'paused';
  return isOnline(inputs.contactedAt, now, t) ? 'online' : 'offline';
}

/**
 * The `status` list filter. Unlike GitLab's SQL filters (which read a contact time written at most
 * every 40-55 minutes), these read the same contact time as the status field, so both always agree.
 */
export function matchesStatusFilter(filter: string, inputs: StatusInputs, now: number, t: StatusThresholds): boolean {
  switch (filter) {
    case 'online':
      return isOnline(inputs.contactedAt, now, t) === true;
    case 'offline':
      return isOnline(inputs.contactedAt, now, t) === false;
    case 'never_contacted':
      return inputs.contactedAt === null;
    case 'stale':
      return isStale(inputs, now, t);
    case 'active':
      return !inputs.paused;
    case 'paused':
      return inputs.paused;
    default:
      return false;
  }
}
