import { describe, expect, it } from '@jest/globals';
import { GITLAB_STATUS_THRESHOLDS as t, isOnline, matchesStatusFilter, restRunnerStatus } from './runner-status';

const now = Date.parse('2026-11-23T12:00:00.000Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
const day = 86400;

describe('runner status (GitLab app/models/ci/runner.rb)', () => {
  it('is never_contacted with online null for a fresh runner that never called', () => {
    const inputs = { createdAt: ago(day), contactedAt: null, paused: false };
    expect(restRunnerStatus(inputs, now, t)).toBe('never_contacted');
    expect(isOnline(null, now, t)).toBeNull();
  });

  it('is stale when created over 7 days ago and never contacted', () => {
    expect(restRunnerStatus({ createdAt: ago(8 * day), contactedAt: null, paused: false }, now, t)).toBe('stale');
  });

  it('is online when contacted a second ago, and paused wins over online', () => {
    expect(restRunnerStatus({ createdAt: ago(day), contactedAt: ago(1), paused: false }, now, t)).toBe('online');
    expect(restRunnerStatus({ createdAt: ago(day), contactedAt: ago(1), paused: true }, now, t)).toBe('paused');
  });

  it('treats contact exactly two hours ago as offline (strict >)', () => {
    expect(restRunnerStatus({ createdAt: ago(day), contactedAt: ago(7200), paused: false }, now, t)).toBe('offline');
    expect(restRunnerStatus({ createdAt: ago(day), contactedAt: ago(7199), paused: false }, now, t)).toBe('online');
  });

  it('reports stale before never_contacted and paused', () => {
    expect(restRunnerStatus({ createdAt: ago(30 * day), contactedAt: ago(8 * day), paused: true }, now, t)).toBe('stale');
    expect(restRunnerStatus({ createdAt: ago(day), contactedAt: null, paused: true }, now, t)).toBe('never_contacted');
  });

  it('filters like GitLab: offline includes stale, excludes never contacted', () => {
    const staleContacted = { createdAt: ago(30 * day), contactedAt: ago(8 * day), paused: false };
    const never = { createdAt: ago(30 * day), contactedAt: null, paused: false };
    expect(matchesStatusFilter('offline', staleContacted, now, t)).toBe(true);
    expect(matchesStatusFilter('offline', never, now, t)).toBe(false);
    expect(matchesStatusFilter('never_contacted', never, now, t)).toBe(true);
    expect(matchesStatusFilter('stale', never, now, t)).toBe(true);
    expect(matchesStatusFilter('paused', { ...never, paused: true }, now, t)).toBe(true);
    expect(matchesStatusFilter('active', never, now, t)).toBe(true);
  });
});
