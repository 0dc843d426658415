import { describe, it } from '@jest/globals';
import { policySpec } from '@app/domain/testing';
import type { Principal } from './runner-policy';
import { assignRunnerRefusal, type AssignRunnerFacts } from './assign-runner.policy';
import { projectRunnersRefusal } from './runner-lists.policy';
import { accessDirectory, ROLES, RUNNERS } from './test-fixtures/access-directory.fixture';
import { all, eachRole } from './test-fixtures/role-table';

const directory = accessDirectory();
const { shared, projR, lockedR, otherR, grpA } = RUNNERS;
const spec = policySpec(assignRunnerRefusal);
const facts = (projectId: number, runner: AssignRunnerFacts['runner']): AssignRunnerFacts => ({ directory, projectId, runner });

/** The whole endpoint as the controller runs it: the resource's before, then the endpoint's checks. */
const assignEndpoint = (principal: Principal, f: AssignRunnerFacts) =>
  projectRunnersRefusal(principal, { directory: f.directory, project: directory.project(f.projectId) }) ?? assignRunnerRefusal(principal, f);

describe('POST /projects/:id/runners (assignRunnerRefusal)', () => {
  describe('a runner of project 1 onto project 2: Maintainer+ of the target and assign_runner on the runner', () =>
    eachRole(assignEndpoint, facts(2, projR), all('project.not_found', { root: 'ok', auditor: 'access.denied', alice: 'ok', bob: 'ok' })));

  describe('a group runner is refused to everyone, administrators too', () =>
    eachRole(assignEndpoint, facts(1, grpA), all('project.not_found', { root: 'runner.group_runner', auditor: 'access.denied', alice: 'runner.group_runner', bob: 'runner.group_runner', carol: 'access.denied', dave: 'access.denied' })));

  it('create_runners on the project comes before the runner lookup', () => {
    spec.given(facts(1, undefined)).when(ROLES.auditor).thenRefuses('access.denied');
    spec.given(facts(1, undefined)).when(ROLES.bob).thenRefuses('runner.not_found');
  });

  it('refuses a locked runner to a non-administrator, and lets an administrator assign it', () => {
    spec.given(facts(1, lockedR)).when(ROLES.bob).thenRefuses('runner.locked');
    spec.given(facts(1, lockedR)).when(ROLES.root).thenAllows();
  });

  it('refuses an instance runner to a non-administrator; an administrator passes (the runner decider then refuses it)', () => {
    spec.given(facts(1, shared)).when(ROLES.bob).thenRefuses('access.no_access_granted');
    spec.given(facts(1, shared)).when(ROLES.root).thenAllows();
  });

  it('refuses a runner of a project the user does not maintain', () => {
    spec.given(facts(1, otherR)).when(ROLES.bob).thenRefuses('access.no_access_granted');
    spec.given(facts(3, projR)).when(ROLES.mallory).thenRefuses('access.no_access_granted');
  });
});
