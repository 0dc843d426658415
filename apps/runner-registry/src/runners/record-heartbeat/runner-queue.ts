import { hash } from 'node:crypto';
import type { RunnerView } from '@app/projections';

/** What a runner's queue value is derived from: its identity, last change and job-relevant attributes. */
export type QueueRelevant = Pick<
  RunnerView,
  'id' | 'updatedAt' | 'queueTicks' | 'paused' | 'description' | 'tagList' | 'runUntagged' | 'locked' | 'accessLevel' | 'maximumTimeout' | 'maintenanceNote' | 'projectIds' | 'tokenDigest'
>;

/**
 * GitLab's X-GitLab-Last-Update: a value that changes whenever something relevant to the runner
 * changes, and on every successful `PUT /runners/:id` (GitLab's `tick_runner_queue`), so
 * long-polling runners know when to ask again. Derived from the runner's last
 * change rather than stored, so every replica gives the same value without sharing state. The
 * attributes are part of it, so two changes within the same millisecond still tick it; they are
 * listed one by one (not the whole document) so the value does not depend on key order.
 */
export function runnerQueueValue(runner: QueueRelevant): string {
  // Views are immutable (a change replaces the object), so each one's value is computed once:
  // the fleet polls far more often than anything changes.
  let value = computed.get(runner);
  if (value === undefined) computed.set(runner, (value = computeQueueValue(runner)));
  return value;
}

const computed = new WeakMap<QueueRelevant, string>();

function computeQueueValue(runner: QueueRelevant): string {
  const state = [
    runner.id,
    runner.updatedAt,
    // Each successful update that changed nothing (GitLab ticks the queue on every update).
    runner.queueTicks ?? 0,
    runner.paused,
    runner.description,
    runner.tagList,
    runner.runUntagged,
    runner.locked,
    runner.accessLevel,
    runner.maximumTimeout,
    runner.maintenanceNote,
    runner.projectIds,
    runner.tokenDigest,
  ];
  return hash('md5', JSON.stringify(state), 'hex');
}
