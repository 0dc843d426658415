import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import { RunnersProjection } from '@app/projections';
import { GITLAB_STATUS_THRESHOLDS } from '@app/domain';
import { LoopSlices } from '@app/common/loop-slices';
import { ReplacementIndexes } from './replacement-indexes';

const AT = '2026-12-05T10:00:00.000Z';
let position = 0;
const recorded = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e${++position}`, type, data, metadata: {}, streamId: `runner-${data.runnerId}`, revision: 0, position, recordedAt: AT,
});
const registered = (runnerId: number, paused = false) =>
  recorded('RunnerRegistered', {
    runnerId, runnerType: 'instance_type', registrationType: 'registration_token', groupId: null, ownerProjectId: null, projectIds: [],
    name: null, paused, description: null, locked: false, runUntagged: true, accessLevel: 'not_protected',
    maximumTimeout: null, maintenanceNote: null, tagList: ['linux'], creationState: 'finished', creatorId: null,
    tokenDigest: `digest-${runnerId}`, tokenExpiresAt: null, createdAt: AT,
  });

function replacementOf(count: number): RunnersProjection {
  const fresh = new RunnersProjection();
  for (let id = 1; id <= count; id++) fresh.apply(registered(id));
  return fresh;
}

const indexesOf = (fresh: RunnersProjection) =>
  new ReplacementIndexes(fresh, GITLAB_STATUS_THRESHOLDS, (projection, id) => (projection.get(id) ? { createdMs: Date.parse(AT), contactMs: null } : undefined), Date.parse(AT));

describe('ReplacementIndexes', () => {
  it('are built over several turns of the event loop, then follow what the replacement folds', async () => {
    const fresh = replacementOf(20);
    const indexes = indexesOf(fresh);
    let turns = 0;
    let done = false;
    const tick = () => setImmediate(() => !done && (turns++, tick()));
    tick();

    await indexes.build(() => true, new LoopSlices(0, 1));
    done = true;

    expect(turns).toBeGreaterThanOrEqual(10);
    expect(indexes.complete).toBe(true);
    expect(indexes.attributes.tags.get('linux')?.size).toBe(20);
    expect(indexes.statuses.neverContacted.size).toBe(20);
    fresh.apply(recorded('RunnerPaused', { runnerId: 3, pausedAt: AT }));
    fresh.apply(registered(21));
    expect(indexes.attributes.paused.toArray()).toEqual([3]);
    expect(indexes.attributes.all.size).toBe(21);
  });

  it('stop as soon as they are no longer wanted (another replacement began), and are never complete then', async () => {
    const indexes = indexesOf(replacementOf(20));
    let wanted = true;
    const building = indexes.build(() => wanted, new LoopSlices(0, 1));
    wanted = false;
    await building;
    expect(indexes.complete).toBe(false);
    expect(indexes.attributes.all.size).toBeLessThan(20);
  });
});
