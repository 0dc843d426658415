import { describe, it } from '@jest/globals';
import { policySpec } from '@app/domain/testing';
import { allRunnersRefusal, groupRunnersRefusal, projectRunnersRefusal, statusHistoryRefusal } from './runner-lists.policy';
import { accessDirectory, ROLES } from './test-fixtures/access-directory.fixture';
import { all, eachRole } from './test-fixtures/role-table';

const directory = accessDirectory();

describe('GET /runners/all (allRunnersRefusal): administrators and auditors only', () =>
  eachRole((principal) => allRunnersRefusal(principal), undefined, all('access.denied', { root: 'ok', auditor: 'ok' })));

describe('GET /runners/status_history (statusHistoryRefusal): administrators and auditors only, as the list of every runner', () =>
  eachRole((principal) => statusHistoryRefusal(principal), undefined, all('access.denied', { root: 'ok', auditor: 'ok' })));

describe('GET /projects/:id/runners (projectRunnersRefusal)', () => {
  describe('project 1: 404 unless the project is readable, 403 below Maintainer', () =>
    eachRole(projectRunnersRefusal, { directory, project: directory.project(1) }, all('project.not_found', { root: 'ok', auditor: 'ok', alice: 'ok', bob: 'ok', carol: 'access.denied', dave: 'access.denied' })));
  it('an unknown project is not found, even for administrators', () =>
    policySpec(projectRunnersRefusal).given({ directory, project: undefined }).when(ROLES.root).thenRefuses('project.not_found'));
});

describe('GET /groups/:id/runners (groupRunnersRefusal)', () => {
  describe('group 9: 404 unless the group is readable (members of anything in it read it), 403 below Maintainer of the group', () =>
    eachRole(groupRunnersRefusal, { directory, group: directory.group(9) }, all('group.not_found', { root: 'ok', auditor: 'ok', alice: 'ok', bob: 'access.denied', carol: 'access.denied', dave: 'access.denied' })));
  describe('subgroup 10: readable through its ancestor and its projects', () =>
    eachRole(groupRunnersRefusal, { directory, group: directory.group(10) }, all('group.not_found', { root: 'ok', auditor: 'ok', alice: 'ok', bob: 'access.denied' })));
  it('an unknown group is not found, even for administrators', () =>
    policySpec(groupRunnersRefusal).given({ directory, group: undefined }).when(ROLES.root).thenRefuses('group.not_found'));
});
