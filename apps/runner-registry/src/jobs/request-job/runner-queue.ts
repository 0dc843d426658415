import { createHash } from 'node:crypto';
import type { RunnerView } from '@app/projections';

/**
 * GitLab's X-GitLab-Last-Update: a value that changes whenever something relevant to the runner
 * changes, so long-polling runners know when to ask again. Derived from the runner's last
 * change rather than stored, so every replica gives the same value without sharing state.
 */
export function runnerQueueValue(runner: Pick<RunnerView, 'id' | 'updatedAt'>): string {
  return createHash('md5').update(`${runner.id}:${runner.updatedAt}`).digest('hex');
}
