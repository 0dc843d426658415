import { describe, it } from '@jest/globals';
import { policySpec } from '@app/domain/testing';
import { resetGroupRegistrationTokenRefusal, resetInstanceRegistrationTokenRefusal, resetProjectRegistrationTokenRefusal } from './registration-token-reset.policy';
import { accessDirectory, ROLES } from './test-fixtures/access-directory.fixture';
import { all, eachRole } from './test-fixtures/role-table';

const directory = accessDirectory();
const closed = accessDirectory({ instanceAllowsRegistrationTokens: false });
const closedGroup9 = accessDirectory({ group9AllowsRegistrationTokens: false });

describe('POST /runners/reset_registration_token (resetInstanceRegistrationTokenRefusal)', () => {
  describe('administrators only', () => eachRole(resetInstanceRegistrationTokenRefusal, { directory }, all('access.denied', { root: 'ok' })));
  it('prevented for administrators too while the instance disallows registration tokens', () => {
    policySpec(resetInstanceRegistrationTokenRefusal).given({ directory: closed }).when(ROLES.root).thenRefuses('registration_token.disallowed');
    policySpec(resetInstanceRegistrationTokenRefusal).given({ directory: closed }).when(ROLES.eve).thenRefuses('access.denied');
  });
});

describe('POST /groups/:id/runners/reset_registration_token (resetGroupRegistrationTokenRefusal)', () => {
  const spec = policySpec(resetGroupRegistrationTokenRefusal);
  describe('subgroup 10: group Owners (a group is readable to members of anything in it)', () =>
    eachRole(resetGroupRegistrationTokenRefusal, { directory, group: directory.group(10) }, all('group.not_found', { root: 'ok', auditor: 'access.denied', alice: 'ok', bob: 'access.denied' })));
  it('prevented for everyone while the instance disallows registration tokens', () => {
    spec.given({ directory: closed, group: closed.group(9) }).when(ROLES.root).thenRefuses('registration_token.disallowed');
    spec.given({ directory: closed, group: closed.group(9) }).when(ROLES.alice).thenRefuses('registration_token.disallowed');
  });
  it('prevented in a tree whose root group disallows them, subgroups included', () => {
    spec.given({ directory, group: directory.group(20) }).when(ROLES.mallory).thenRefuses('registration_token.disallowed');
    spec.given({ directory: closedGroup9, group: closedGroup9.group(10) }).when(ROLES.alice).thenRefuses('registration_token.disallowed');
    spec.given({ directory: closedGroup9, group: closedGroup9.group(10) }).when(ROLES.root).thenRefuses('registration_token.disallowed');
  });
  it('an unknown group is not found', () => spec.given({ directory, group: undefined }).when(ROLES.root).thenRefuses('group.not_found'));
});

describe('POST /projects/:id/runners/reset_registration_token (resetProjectRegistrationTokenRefusal)', () => {
  const spec = policySpec(resetProjectRegistrationTokenRefusal);
  describe('project 4: Maintainer+ (404 unless readable)', () =>
    eachRole(resetProjectRegistrationTokenRefusal, { directory, project: directory.project(4) }, all('project.not_found', { root: 'ok', auditor: 'access.denied', alice: 'ok', bob: 'ok' })));
  it('below Maintainer: a bare 403', () => {
    spec.given({ directory, project: directory.project(1) }).when(ROLES.carol).thenRefuses('access.denied');
    spec.given({ directory, project: directory.project(1) }).when(ROLES.dave).thenRefuses('access.denied');
  });
  it('prevented while the instance or the root group disallows registration tokens', () => {
    spec.given({ directory: closed, project: closed.project(1) }).when(ROLES.root).thenRefuses('registration_token.disallowed');
    spec.given({ directory, project: directory.project(3) }).when(ROLES.mallory).thenRefuses('registration_token.disallowed');
    spec.given({ directory: closedGroup9, project: closedGroup9.project(2) }).when(ROLES.bob).thenRefuses('registration_token.disallowed');
  });
});
