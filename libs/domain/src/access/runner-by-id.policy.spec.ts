import { describe, it } from '@jest/globals';
import { policySpec } from '@app/domain/testing';
import { accessDirectory, ROLES, RUNNERS } from './test-fixtures/access-directory.fixture';
import { all, eachRole } from './test-fixtures/role-table';
import { deleteRunnerRefusal, listRunnerJobsRefusal, readRunnerRefusal, resetRunnerTokenRefusal, updateRunnerRefusal } from './runner-by-id.policy';

const directory = accessDirectory();
const { shared, projR, twoR, grpA, grpB } = RUNNERS;

describe('GET /runners/:id (readRunnerRefusal)', () => {
  describe('an instance runner: anyone signed in reads it', () => eachRole(readRunnerRefusal, { directory, runner: shared }, all('ok')));
  describe('a project runner: Maintainers of an associated project, Owners of its group', () =>
    eachRole(readRunnerRefusal, { directory, runner: projR }, all('access.no_access_granted', { root: 'ok', auditor: 'ok', alice: 'ok', bob: 'ok' })));
  describe('a group runner: group Maintainers, Maintainers of a project inheriting group runners', () =>
    eachRole(readRunnerRefusal, { directory, runner: grpA }, all('access.no_access_granted', { root: 'ok', auditor: 'ok', alice: 'ok', bob: 'ok' })));
  describe('a subgroup runner: ownership is inherited from ancestor groups', () =>
    eachRole(readRunnerRefusal, { directory, runner: grpB }, all('access.no_access_granted', { root: 'ok', auditor: 'ok', alice: 'ok', bob: 'ok' })));
  describe('a missing runner: 404 before any access check', () => eachRole(readRunnerRefusal, { directory, runner: undefined }, all('runner.not_found')));
});

describe('PUT /runners/:id (updateRunnerRefusal)', () => {
  describe('an instance runner: administrators only', () => eachRole(updateRunnerRefusal, { directory, runner: shared }, all('access.no_access_granted', { root: 'ok' })));
  describe('a project runner: Maintainers of the owner project', () =>
    eachRole(updateRunnerRefusal, { directory, runner: projR }, all('access.no_access_granted', { root: 'ok', alice: 'ok', bob: 'ok' })));
  describe('a group runner: group Owners (Maintainers only read)', () =>
    eachRole(updateRunnerRefusal, { directory, runner: grpA }, all('access.no_access_granted', { root: 'ok', alice: 'ok' })));
});

describe('POST /runners/:id/reset_authentication_token (resetRunnerTokenRefusal): whoever may update the runner', () => {
  eachRole(resetRunnerTokenRefusal, { directory, runner: projR }, all('access.no_access_granted', { root: 'ok', alice: 'ok', bob: 'ok' }));
  it('404 before any access check', () => policySpec(resetRunnerTokenRefusal).given({ directory, runner: undefined }).when(ROLES.eve).thenRefuses('runner.not_found'));
});

describe('DELETE /runners/:id (deleteRunnerRefusal)', () => {
  describe('a project runner: Maintainers of the owner project', () =>
    eachRole(deleteRunnerRefusal, { directory, runner: projR }, all('access.no_access_granted', { root: 'ok', alice: 'ok', bob: 'ok' })));
  describe('a runner on two projects: "more than one project" first, to every non-administrator, even without access', () =>
    eachRole(deleteRunnerRefusal, { directory, runner: twoR }, all('runner.on_several_projects', { root: 'ok' })));
  describe('a group runner: group Owners', () => eachRole(deleteRunnerRefusal, { directory, runner: grpA }, all('access.no_access_granted', { root: 'ok', alice: 'ok' })));
  it('404 before anything else', () => policySpec(deleteRunnerRefusal).given({ directory, runner: undefined }).when(ROLES.root).thenRefuses('runner.not_found'));
});

describe('GET /runners/:id/jobs (listRunnerJobsRefusal): read_builds; administrators and auditors read every runner\'s jobs', () => {
  describe('a project runner: Maintainers of an associated project, Owners of its group', () =>
    eachRole(listRunnerJobsRefusal, { directory, runner: projR }, all('access.no_access_granted', { root: 'ok', auditor: 'ok', alice: 'ok', bob: 'ok' })));
  describe('an instance runner: reading it is not reading its jobs', () =>
    eachRole(listRunnerJobsRefusal, { directory, runner: shared }, all('access.no_access_granted', { root: 'ok', auditor: 'ok' })));
  describe('a group runner: group Maintainers (Maintainers of an inheriting project only read the runner)', () =>
    eachRole(listRunnerJobsRefusal, { directory, runner: grpA }, all('access.no_access_granted', { root: 'ok', auditor: 'ok', alice: 'ok' })));
  it('404 before any access check, auditors included', () => policySpec(listRunnerJobsRefusal).given({ directory, runner: undefined }).when(ROLES.auditor).thenRefuses('runner.not_found'));
});
