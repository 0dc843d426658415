import { describe, expect, it } from '@jest/globals';
import { policySpec } from '@app/domain/testing';
import { DomainError } from '../shared/decider';
import { createRunnerRefusal, creationRefusal } from './create-runner.policy';
import { accessDirectory, ROLES } from './test-fixtures/access-directory.fixture';
import { all, eachRole } from './test-fixtures/role-table';

const directory = accessDirectory();
const spec = policySpec(createRunnerRefusal);

describe('POST /user/runners (createRunnerRefusal)', () => {
  describe('instance_type: administrators only', () =>
    eachRole(createRunnerRefusal, { directory, runnerType: 'instance_type', scopeId: null }, all('access.insufficient_permissions', { root: 'ok' })));
  describe('group_type in group 9: group Owners', () =>
    eachRole(createRunnerRefusal, { directory, runnerType: 'group_type', scopeId: 9 }, all('access.insufficient_permissions', { root: 'ok', alice: 'ok' })));
  describe('project_type in project 1: Maintainer+', () =>
    eachRole(createRunnerRefusal, { directory, runnerType: 'project_type', scopeId: 1 }, all('access.insufficient_permissions', { root: 'ok', alice: 'ok', bob: 'ok' })));

  it('a missing scope is a bad request before any permission check, whoever asks', () => {
    spec.given({ directory, runnerType: 'group_type', scopeId: 404 }).when(ROLES.eve).thenRefuses('runner.creation_group_missing');
    spec.given({ directory, runnerType: 'group_type', scopeId: null }).when(ROLES.root).thenRefuses('runner.creation_group_missing');
    spec.given({ directory, runnerType: 'project_type', scopeId: 404 }).when(ROLES.eve).thenRefuses('runner.creation_project_missing');
    spec.given({ directory, runnerType: 'project_type', scopeId: null }).when(ROLES.root).thenRefuses('runner.creation_project_missing');
  });

  it('any existing scope passes that check, visible to the user or not', () => {
    spec.given({ directory, runnerType: 'group_type', scopeId: 20 }).when(ROLES.eve).thenRefuses('access.insufficient_permissions');
  });
});

describe('creationRefusal', () => {
  it('turns the attribute rules into the refusal POST /user/runners words as one sentence, and lets others through', () => {
    const invalid = creationRefusal(DomainError.validation({ maximum_timeout: ['needs to be at least 10 minutes'] }));
    expect([invalid.code, invalid.kind, invalid.attributeErrors]).toEqual(['runner.creation_invalid', 'validation', { maximum_timeout: ['needs to be at least 10 minutes'] }]);
    const taken = DomainError.of('runner.already_exists');
    expect(creationRefusal(taken)).toBe(taken);
  });
});
