import { describe, expect, it } from '@jest/globals';
import { ConcurrencyConflictError } from '@app/event-store/command/decider-command';
import { toGitLabError } from './gitlab-exception.filter';

describe('toGitLabError at the HTTP edge', () => {
  it('a command that kept losing the optimistic-concurrency race is a 409, as GitLab answers a stale object', () => {
    const error = toGitLabError(new ConcurrencyConflictError('runner-1', 8));
    expect({ status: error.status, body: error.body }).toEqual({ status: 409, body: { message: '409 Conflict' } });
  });

  it('anything unexpected stays a 500 without details', () => {
    expect(toGitLabError(new Error('boom')).status).toBe(500);
  });
});
