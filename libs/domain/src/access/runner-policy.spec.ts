import { describe, expect, it } from '@jest/globals';
import { ACCESS_LEVEL } from '../directory/directory.types';
import type { DirectoryFacts, GroupFacts, ProjectFacts } from './membership';
import { groupAccessLevel, projectAccessLevel } from './membership';
import { runnerPermissions, type Principal, type RunnerFacts, type RunnerPermission } from './runner-policy';

/**
 * The shared fixture's shape: group 9 (alice Owner) > subgroup 10; project 1 in group 9 (bob
 * Maintainer, carol Developer, dave Reporter); project 2 in subgroup 10 (bob Maintainer);
 * project 4 in group 9 without group runners (bob Maintainer).
 */
const groups: GroupFacts[] = [
  { groupId: 9, parentId: null, members: { 3: ACCESS_LEVEL.owner } },
  { groupId: 10, parentId: 9, members: {} },
];
const projects: ProjectFacts[] = [
  { projectId: 1, namespaceId: 9, members: { 4: 40, 5: 30, 6: 20 }, sharedRunnersEnabled: true, groupRunnersEnabled: true },
  { projectId: 2, namespaceId: 10, members: { 4: 40 }, sharedRunnersEnabled: true, groupRunnersEnabled: true },
  { projectId: 4, namespaceId: 9, members: { 4: 40 }, sharedRunnersEnabled: false, groupRunnersEnabled: false },
];
const facts: DirectoryFacts = {
  group: (id) => groups.find((g) => g.groupId === id),
  project: (id) => projects.find((p) => p.projectId === id),
  groupAncestry(id) {
    const chain: GroupFacts[] = [];
    for (let g = this.group(id); g; g = g.parentId === null ? undefined : this.group(g.parentId)) chain.push(g);
    return chain;
  },
  projectsInGroupTree(id) {
    return projects.filter((p) => this.groupAncestry(p.namespaceId).some((g) => g.groupId === id));
  },
};

const user = (userId: number, role: Partial<Principal> = {}): Principal => ({ userId, admin: false, auditor: false, ...role });
const [root, auditor, alice, bob, carol, dave, eve] = [user(1, { admin: true }), user(2, { auditor: true }), user(3), user(4), user(5), user(6), user(7)];
const runner = (facts: Partial<RunnerFacts>): RunnerFacts => ({ runnerType: 'project_type', groupId: null, ownerProjectId: 1, projectIds: [1], locked: false, ...facts });
const can = (principal: Principal, r: RunnerFacts) => [...runnerPermissions(principal, r, facts)].sort();
const everything: RunnerPermission[] = ['assign_runner', 'delete_runner', 'read_builds', 'read_runner', 'update_runner'];

describe('membership inheritance', () => {
  it('inherits group access down the tree and into projects', () => {
    expect(groupAccessLevel(facts, 3, 10)).toBe(ACCESS_LEVEL.owner);
    expect(projectAccessLevel(facts, 3, 2)).toBe(ACCESS_LEVEL.owner);
    expect(projectAccessLevel(facts, 4, 1)).toBe(ACCESS_LEVEL.maintainer);
    expect(projectAccessLevel(facts, 7, 1)).toBe(0);
  });
});

describe('runner policy (GitLab Ci::RunnerPolicy)', () => {
  it('gives administrators everything, auditors read access, anyone signed in reads instance runners', () => {
    const instance = runner({ runnerType: 'instance_type', ownerProjectId: null, projectIds: [] });
    expect(can(root, instance)).toEqual(everything);
    expect(can(auditor, instance)).toEqual(['read_builds', 'read_runner']);
    expect(can(eve, instance)).toEqual(['read_runner']);
    expect(can(alice, instance)).toEqual(['read_runner']);
  });

  it('lets group Owners (also of ancestor groups) administer group runners; maintainers of inheriting projects only read', () => {
    const grpA = runner({ runnerType: 'group_type', groupId: 9, ownerProjectId: null, projectIds: [] });
    const grpB = runner({ runnerType: 'group_type', groupId: 10, ownerProjectId: null, projectIds: [] });
    expect(can(alice, grpA)).toEqual(everything);
    expect(can(alice, grpB)).toEqual(everything);
    expect(can(bob, grpA)).toEqual(['read_runner']);
    expect(can(carol, grpA)).toEqual([]);
    expect(can(eve, grpB)).toEqual([]);
  });

  it('lets Maintainers of the owner project administer a project runner; lower roles get nothing', () => {
    const projR = runner({});
    expect(can(bob, projR)).toEqual(everything);
    expect(can(alice, projR)).toEqual(everything); // Owner of the project's group
    expect(can(carol, projR)).toEqual([]);
    expect(can(dave, projR)).toEqual([]);
  });

  it('never lets a non-administrator delete a runner on several projects, nor assign a locked one', () => {
    const twoR = runner({ projectIds: [1, 2] });
    expect(can(bob, twoR)).toEqual(['assign_runner', 'read_builds', 'read_runner', 'update_runner']);
    expect(can(root, twoR)).toEqual(everything);
    expect(can(bob, runner({ locked: true }))).toEqual(['delete_runner', 'read_builds', 'read_runner', 'update_runner']);
  });

  it('lets maintainers of any associated project read a shared project runner they do not own', () => {
    const ownedElsewhere = runner({ ownerProjectId: 3, projectIds: [3, 2] });
    expect(can(bob, ownedElsewhere)).toEqual(['assign_runner', 'read_builds', 'read_runner', 'update_runner']);
    expect(can(carol, ownedElsewhere)).toEqual([]);
  });
});
