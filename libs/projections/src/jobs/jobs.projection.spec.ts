import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import { JobsProjection } from './jobs.projection';

let position = 0;
const jobRecorded = (jobId: number, runnerId: number | null, systemId: string | null, status = 'running'): RecordedEvent => ({
  id: `e${++position}`,
  type: 'JobRecorded',
  data: {
    jobId, status, stage: 'test', name: `job ${jobId}`, ref: 'main', tag: false, coverage: null, allowFailure: false,
    createdAt: null, startedAt: null, finishedAt: null, erasedAt: null, duration: null, queuedDuration: null,
    user: null, commit: null, pipeline: null, failureReason: null, webUrl: null, projectId: 1, runnerId, systemId,
  },
  metadata: {},
  streamId: `job-${jobId}`,
  revision: 0,
  position,
  recordedAt: '2026-11-23T10:00:00.000Z',
});

describe('jobs projection', () => {
  it('indexes jobs by runner and by runner + manager in id order, whatever the arrival order', () => {
    const projection = new JobsProjection();
    for (const [id, system] of [[5, 'a'], [2, 'b'], [9, 'a'], [1, null]] as const) projection.apply(jobRecorded(id, 1, system));
    projection.apply(jobRecorded(3, 2, 'a'));
    expect(projection.runnerJobIds(1)).toEqual([1, 2, 5, 9]);
    expect(projection.runnerJobIds(1, 'a')).toEqual([5, 9]);
    expect(projection.runnerJobIds(1, 'b')).toEqual([2]);
    expect(projection.runnerJobIds(2, 'a')).toEqual([3]);
    expect(projection.runnerJobIds(1, 'unknown')).toEqual([]);
    expect(projection.runnerJobIds(42)).toEqual([]);
  });

  it("a replay's rebuild keeps no lookups as it folds, and builds the same ones if it is ever asked", () => {
    const [kept, onFirstUse] = [new JobsProjection(), new JobsProjection({ lookups: 'on first use' })];
    const events = [jobRecorded(5, 1, 'a'), jobRecorded(2, 1, 'b'), jobRecorded(4, null, null, 'pending'), jobRecorded(4, 2, 'a'), jobRecorded(5, 1, 'b', 'success')];
    for (const event of events) for (const projection of [kept, onFirstUse]) projection.apply(event);
    expect((onFirstUse as unknown as { byRunner: Map<number, number[]> }).byRunner.size).toBe(0);
    for (const [runnerId, systemId] of [[1, undefined], [1, 'a'], [1, 'b'], [2, 'a'], [2, undefined]] as const) {
      expect(onFirstUse.runnerJobIds(runnerId, systemId)).toEqual(kept.runnerJobIds(runnerId, systemId));
    }
    // From then on they are kept as events arrive.
    for (const projection of [kept, onFirstUse]) projection.apply(jobRecorded(7, 2, 'a'));
    expect(onFirstUse.runnerJobIds(2, 'a')).toEqual([4, 7]);
  });

  it('moves a job when a later snapshot names another runner or manager (pending → picked)', () => {
    const projection = new JobsProjection();
    projection.apply(jobRecorded(4, null, null, 'pending'));
    expect(projection.get(4)?.status).toBe('pending');
    expect(projection.runnerJobIds(1)).toEqual([]);
    projection.apply(jobRecorded(4, 1, 'a'));
    projection.apply(jobRecorded(4, 1, 'b', 'success'));
    expect(projection.runnerJobIds(1)).toEqual([4]);
    expect(projection.runnerJobIds(1, 'a')).toEqual([]);
    expect(projection.runnerJobIds(1, 'b')).toEqual([4]);
    expect(projection.get(4)?.status).toBe('success');
  });

  it('does not duplicate a job when an event is applied twice', () => {
    const projection = new JobsProjection();
    const event = jobRecorded(1, 1, 'a');
    projection.apply(event);
    projection.apply(event);
    expect(projection.runnerJobIds(1)).toEqual([1]);
    expect(projection.runnerJobIds(1, 'a')).toEqual([1]);
    expect(projection.count).toBe(1);
  });

  it('rebuilds the same indexes from persisted documents', () => {
    const live = new JobsProjection();
    for (const id of [3, 1, 2]) live.apply(jobRecorded(id, 7, id === 2 ? 'x' : null));
    const restored = new JobsProjection();
    for (const change of live.collections[0].takeChanges()) {
      if (change.kind === 'upsert') restored.collections[0].hydrate(change.id, change.doc);
    }
    restored.afterHydrate();
    expect(restored.runnerJobIds(7)).toEqual([1, 2, 3]);
    expect(restored.runnerJobIds(7, 'x')).toEqual([2]);
  });

  it('ignores events of other streams', () => {
    const projection = new JobsProjection();
    projection.apply({ ...jobRecorded(1, 1, null), streamId: 'runner-1' });
    expect(projection.count).toBe(0);
  });
});
