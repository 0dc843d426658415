import { describe, it } from '@jest/globals';
import { policySpec } from '@app/domain/testing';
import type { Principal } from './runner-policy';
import { projectRunnersRefusal } from './runner-lists.policy';
import { unassignRunnerRefusal, type UnassignRunnerFacts } from './unassign-runner.policy';
import { accessDirectory, ROLES, RUNNERS } from './test-fixtures/access-directory.fixture';
import { all, eachRole } from './test-fixtures/role-table';

const directory = accessDirectory();
const { projR, twoR, lockedR } = RUNNERS;
const spec = policySpec(unassignRunnerRefusal);
const facts = (projectId: number, runner: UnassignRunnerFacts['runner']): UnassignRunnerFacts => ({ directory, projectId, runner });

const unassignEndpoint = (principal: Principal, f: UnassignRunnerFacts) =>
  projectRunnersRefusal(principal, { directory: f.directory, project: directory.project(f.projectId) }) ?? unassignRunnerRefusal(principal, f);

describe('DELETE /projects/:id/runners/:runner_id (unassignRunnerRefusal)', () => {
  describe('a runner of project 1 off project 2: Maintainer+ of a project that is not the owner', () =>
    eachRole(unassignEndpoint, facts(2, twoR), all('project.not_found', { root: 'ok', auditor: 'access.no_access_granted', alice: 'ok', bob: 'ok' })));

  it('a runner not on the project is as missing as an unknown one', () => {
    spec.given(facts(2, projR)).when(ROLES.root).thenRefuses('runner.not_found');
    spec.given(facts(2, undefined)).when(ROLES.bob).thenRefuses('runner.not_found');
  });

  it('refuses the owner project to a Maintainer; an administrator passes (the runner decider then refuses it)', () => {
    spec.given(facts(1, twoR)).when(ROLES.bob).thenRefuses('access.no_access_granted');
    spec.given(facts(1, projR)).when(ROLES.bob).thenRefuses('access.no_access_granted');
    spec.given(facts(1, twoR)).when(ROLES.root).thenAllows();
  });

  it('refuses a locked runner to a non-administrator before looking at their role', () => {
    spec.given(facts(2, lockedR)).when(ROLES.bob).thenRefuses('runner.locked');
    spec.given(facts(2, lockedR)).when(ROLES.auditor).thenRefuses('runner.locked');
    spec.given(facts(2, lockedR)).when(ROLES.root).thenAllows();
  });
});
