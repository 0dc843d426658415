import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '@app/domain/testing';
import { jobDecider, sameJson } from './job.decider';
import type { JobEvent } from './job.events';
import { JOB_STATUSES, type JobSnapshot, type UnvalidatedJobSnapshot } from './job.types';

const spec = deciderSpec(jobDecider);

const snapshot = (changes: Partial<UnvalidatedJobSnapshot> = {}): JobSnapshot =>
  ({
    jobId: 7,
    status: 'running',
    stage: 'test',
    name: 'rspec',
    ref: 'main',
    tag: false,
    coverage: null,
    allowFailure: false,
    createdAt: '2026-11-23T10:00:00.000Z',
    startedAt: '2026-11-23T10:00:05.000Z',
    finishedAt: null,
    erasedAt: null,
    duration: null,
    queuedDuration: 5.2,
    user: { id: 1, username: 'root', name: 'Administrator' },
    commit: { id: 'abc123', short_id: 'abc1', title: 'Fix', message: 'Fix\n' },
    pipeline: { id: 3, project_id: 1, sha: 'abc123', ref: 'main', status: 'running' },
    failureReason: null,
    webUrl: 'https://gitlab.example.com/g/p/-/jobs/7',
    projectId: 1,
    runnerId: 12,
    systemId: 's_0123456789ab',
    ...changes,
  }) as JobSnapshot;

const recorded = (job: JobSnapshot): JobEvent => ({ type: 'JobRecorded', data: job });
const record = (job: UnvalidatedJobSnapshot) => ({ type: 'RecordJob', job }) as const;

describe('job decider', () => {
  it('records the first snapshot of a job', () => {
    spec.given([]).when(record(snapshot())).then([recorded(snapshot())]);
  });

  it('records a changed snapshot whole (an upsert, not a diff)', () => {
    const finished = snapshot({ status: 'success', finishedAt: '2026-11-23T10:01:00.000Z', duration: 55.1 });
    spec.given([recorded(snapshot())]).when(record(finished)).then([recorded(finished)]);
  });

  it('ignores a redelivered snapshot, even with its keys in another order', () => {
    const reordered = Object.fromEntries(Object.entries(snapshot()).reverse()) as unknown as JobSnapshot;
    spec.given([recorded(snapshot())]).when(record(reordered)).then([]);
  });

  it('compares against the latest snapshot, not any earlier one', () => {
    const success = snapshot({ status: 'success' });
    spec.given([recorded(snapshot()), recorded(success)]).when(record(snapshot())).then([recorded(snapshot())]);
  });

  it('accepts every GitLab status and a job no runner has picked yet', () => {
    for (const status of JOB_STATUSES) spec.given([]).when(record(snapshot({ status }))).then([recorded(snapshot({ status }))]);
    spec.given([]).when(record(snapshot({ runnerId: null, systemId: null }))).then([recorded(snapshot({ runnerId: null, systemId: null }))]);
  });

  it('refuses an id that is not a positive integer', () => {
    spec.given([]).when(record(snapshot({ jobId: 0 }))).thenFails('validation', { id: ['must be greater than 0'] });
    spec.given([]).when(record(snapshot({ jobId: -3 }))).thenFails('validation', { id: ['must be greater than 0'] });
    spec.given([]).when(record(snapshot({ jobId: 1.5 }))).thenFails('validation', { id: ['must be an integer'] });
  });

  it('refuses an unknown status, a non-integer project or runner, reporting all at once', () => {
    spec
      .given([])
      .when(record(snapshot({ status: 'done', projectId: Number.NaN, runnerId: 2.5 })))
      .thenFails('validation', { status: ['is not included in the list'], project_id: ['must be an integer'], runner_id: ['must be an integer'] });
  });

  it('validates a redelivery too: a bad event is refused before it is compared', () => {
    spec.given([recorded(snapshot())]).when(record(snapshot({ status: 'bogus' }))).thenFails('validation', { status: ['is not included in the list'] });
  });
});

describe('sameJson', () => {
  it('is structural and order-insensitive for objects, order-sensitive for arrays', () => {
    expect(sameJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: null }, {})).toBe(false);
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false);
  });
});
