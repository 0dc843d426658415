import type { Instant } from '../shared/types';
import type { RunnerEvent } from './runner.events';

/**
 * A runner's place in the fleet's status counts, as the facts in its stream tell it: the counts
 * are those of the status list filters (`GET /runners/all?status=…`, matchesStatusFilterAt), which
 * overlap: a stale runner that was contacted is also offline, one never contacted also
 * never_contacted. Flags of one small integer, so a fleet's worth fits in arrays.
 */
export const FLEET_ABSENT = 0;
const EXISTS = 1;
const CONTACTED = 2;
const ONLINE = 4;
const STALE = 8;

/** online, offline, stale, never_contacted: the order of FleetCounts' fields. */
export type FleetCounts = [online: number, offline: number, stale: number, neverContacted: number];

export const emptyFleetCounts = (): FleetCounts => [0, 0, 0, 0];

/** What one runner adds to each count (sign -1: takes away). */
export function countFleetStatus(counts: FleetCounts, code: number, sign: 1 | -1): void {
  if (!(code & EXISTS)) return;
  if (code & ONLINE) counts[0] += sign;
  else if (code & CONTACTED) counts[1] += sign;
  if (code & STALE) counts[2] += sign;
  if (!(code & CONTACTED)) counts[3] += sign;
}

/**
 * The runner's status code after a fact of its own stream, and when that fact happened (from the
 * payload, so a replay reading payloads only dates it alike); null when the fact changes no count.
 * The transitions time brings are facts too (RunnerWentOffline, RunnerBecameStale, recorded by the
 * status monitor within a second of the threshold), and so are a first contact and a return from
 * offline. A routine contact (a manager's contact stream) is not: the runner was online already.
 */
export function fleetStatusAfter(code: number, event: RunnerEvent): { code: number; at: Instant } | null {
  switch (event.type) {
    case 'RunnerRegistered':
    case 'RunnerCreated':
      return { code: EXISTS, at: event.data.createdAt };
    case 'RunnerContacted':
      return code & EXISTS ? { code: EXISTS | CONTACTED | ONLINE, at: event.data.contactedAt } : null;
    case 'RunnerWentOffline':
      return code & EXISTS ? { code: (code | CONTACTED) & ~ONLINE, at: event.data.detectedAt } : null;
    case 'RunnerBecameStale':
      return code & EXISTS ? { code: (code & ~ONLINE) | STALE, at: event.data.detectedAt } : null;
    case 'RunnerDeleted':
      return code & EXISTS ? { code: FLEET_ABSENT, at: event.data.deletedAt } : null;
    default:
      return null;
  }
}
