import { describe, expect, it } from '@jest/globals';
import { ownedRunnerMembership, visibleRunnerGroupIds, visibleRunnerProjectIds } from './runner-visibility';
import { isMember } from './runner-membership';
import { accessDirectory, ROLE_NAMES, ROLES, RUNNERS, type Role } from './test-fixtures/access-directory.fixture';

const directory = accessDirectory();
const { shared, projR, twoR, otherR, grpA, grpB } = RUNNERS;

describe('what a runner\'s details show of its projects and group', () => {
  it('shows administrators and auditors every project, others those they are a member of', () => {
    expect(visibleRunnerProjectIds(ROLES.root, twoR, directory)).toEqual([1, 2]);
    expect(visibleRunnerProjectIds(ROLES.auditor, twoR, directory)).toEqual([1, 2]);
    expect(visibleRunnerProjectIds(ROLES.carol, twoR, directory)).toEqual([1]);
    expect(visibleRunnerProjectIds(ROLES.eve, twoR, directory)).toEqual([]);
  });

  it('shows the group to members of it or an ancestor, and to members of a project in its tree', () => {
    expect(visibleRunnerGroupIds(ROLES.alice, grpB, directory)).toEqual([10]);
    expect(visibleRunnerGroupIds(ROLES.bob, grpA, directory)).toEqual([9]);
    expect(visibleRunnerGroupIds(ROLES.dave, grpB, directory)).toEqual([]);
    expect(visibleRunnerGroupIds(ROLES.auditor, grpB, directory)).toEqual([10]);
    expect(visibleRunnerGroupIds(ROLES.eve, grpA, directory)).toEqual([]);
    expect(visibleRunnerGroupIds(ROLES.root, projR, directory)).toEqual([]);
  });
});

describe('the runners a user owns (GET /runners, User#ci_owned_runners)', () => {
  const runners = { shared, projR, twoR, otherR, grpA, grpB };
  const owned = (role: Role) => Object.entries(runners).filter(([, runner]) => isMember(ownedRunnerMembership(ROLES[role], directory), runner)).map(([name]) => name);

  it.each([
    ['root', []],
    ['auditor', []],
    ['alice', ['projR', 'twoR', 'grpA', 'grpB']],
    ['bob', ['projR', 'twoR']],
    ['carol', []],
    ['dave', []],
    ['eve', []],
    ['mallory', ['otherR']],
  ] as [Role, string[]][])('%s owns %j (never instance runners, not even administrators)', (role, expected) => {
    expect(owned(role)).toEqual(expected);
  });

  it('covers every role', () => expect(ROLE_NAMES).toHaveLength(8));
});
