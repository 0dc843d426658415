import { ACCESS_LEVEL } from '../../directory/directory.types';
import type { AccessDirectory, NamespaceGroupFacts } from '../access-directory';
import type { ProjectFacts } from '../membership';
import type { Principal, RunnerFacts } from '../runner-policy';
import type { DirectoryListing } from '../runner-visibility';

/**
 * The service's fixture directory (config/directory.example.json) as the policies read it:
 * root administrator; auditor reads everything; alice Owner of group 9 (so of subgroup 10 and
 * projects 1, 2, 4); bob Maintainer of projects 1, 2, 4; carol Developer and dave Reporter of
 * project 1; eve belongs to nothing; mallory Owner of group 20 (which disallows registration
 * tokens) and Maintainer of project 3.
 */
export const ROLES = {
  root: { userId: 1, admin: true, auditor: false },
  auditor: { userId: 2, admin: false, auditor: true },
  alice: { userId: 3, admin: false, auditor: false },
  bob: { userId: 4, admin: false, auditor: false },
  carol: { userId: 5, admin: false, auditor: false },
  dave: { userId: 6, admin: false, auditor: false },
  eve: { userId: 7, admin: false, auditor: false },
  mallory: { userId: 8, admin: false, auditor: false },
} as const satisfies Record<string, Principal>;

export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

const { maintainer, developer, reporter, owner } = ACCESS_LEVEL;

export function accessDirectory(overrides: { instanceAllowsRegistrationTokens?: boolean; group9AllowsRegistrationTokens?: boolean } = {}): AccessDirectory & DirectoryListing {
  const groups: NamespaceGroupFacts[] = [
    { groupId: 9, parentId: null, members: { 3: owner }, allowRunnerRegistrationToken: overrides.group9AllowsRegistrationTokens ?? true },
    { groupId: 10, parentId: 9, members: {}, allowRunnerRegistrationToken: true },
    { groupId: 20, parentId: null, members: { 8: owner }, allowRunnerRegistrationToken: false },
  ];
  const projects: ProjectFacts[] = [
    { projectId: 1, namespaceId: 9, members: { 4: maintainer, 5: developer, 6: reporter }, sharedRunnersEnabled: true, groupRunnersEnabled: true },
    { projectId: 2, namespaceId: 10, members: { 4: maintainer }, sharedRunnersEnabled: true, groupRunnersEnabled: true },
    { projectId: 3, namespaceId: 20, members: { 8: maintainer }, sharedRunnersEnabled: true, groupRunnersEnabled: true },
    { projectId: 4, namespaceId: 9, members: { 4: maintainer }, sharedRunnersEnabled: false, groupRunnersEnabled: false },
  ];
  const directory: AccessDirectory & DirectoryListing = {
    allGroups: () => groups,
    allProjects: () => projects,
    group: (id) => groups.find((g) => g.groupId === id),
    project: (id) => projects.find((p) => p.projectId === id),
    groupAncestry(id) {
      const chain: NamespaceGroupFacts[] = [];
      for (let g = directory.group(id); g; g = g.parentId === null ? undefined : directory.group(g.parentId)) chain.push(g);
      return chain;
    },
    projectsInGroupTree: (id) => projects.filter((p) => directory.groupAncestry(p.namespaceId).some((g) => g.groupId === id)),
    descendantGroups: (id) => groups.filter((g) => g.groupId !== id && directory.groupAncestry(g.groupId).some((a) => a.groupId === id)),
    instanceSettings: () => ({ allowRunnerRegistrationToken: overrides.instanceAllowsRegistrationTokens ?? true }),
  };
  return directory;
}

/** Runners like the e2e world's: an instance runner, project runners, runners of group 9 and subgroup 10. */
export const RUNNERS = {
  shared: { runnerType: 'instance_type', groupId: null, ownerProjectId: null, projectIds: [], locked: false },
  projR: { runnerType: 'project_type', groupId: null, ownerProjectId: 1, projectIds: [1], locked: false },
  twoR: { runnerType: 'project_type', groupId: null, ownerProjectId: 1, projectIds: [1, 2], locked: false },
  lockedR: { runnerType: 'project_type', groupId: null, ownerProjectId: 2, projectIds: [2], locked: true },
  otherR: { runnerType: 'project_type', groupId: null, ownerProjectId: 3, projectIds: [3], locked: false },
  grpA: { runnerType: 'group_type', groupId: 9, ownerProjectId: null, projectIds: [], locked: false },
  grpB: { runnerType: 'group_type', groupId: 10, ownerProjectId: null, projectIds: [], locked: false },
} as const satisfies Record<string, RunnerFacts>;
