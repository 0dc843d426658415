import { describe, expect, it } from '@jest/globals';
import type { AccessDirectory, DirectoryListing, Principal, RunnerFacts } from '@app/domain';
import { DirectoryProjection } from './directory/directory.projection';
import type { UserView } from './directory/directory-view';
import type { RunnerView } from './runners/runner-view';

describe('the query models are what the access policies read', () => {
  it('passes the directory, a runner view and a user view to the policies as they are (checked by the compiler)', () => {
    const directory: AccessDirectory & DirectoryListing = new DirectoryProjection();
    const asRunnerFacts = (runner: RunnerView): RunnerFacts => runner;
    const asPrincipal = (user: UserView): Principal => user;
    expect([directory, asRunnerFacts, asPrincipal].every(Boolean)).toBe(true);
  });
});
