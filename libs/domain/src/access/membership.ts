import { ACCESS_LEVEL } from '../directory/directory.types';

export interface GroupFacts {
  readonly groupId: number;
  readonly parentId: number | null;
  /** userId → access level, direct memberships only. */
  readonly members: Readonly<Record<string, number>>;
}

export interface ProjectFacts {
  readonly projectId: number;
  readonly namespaceId: number;
  readonly members: Readonly<Record<string, number>>;
  readonly sharedRunnersEnabled: boolean;
  readonly groupRunnersEnabled: boolean;
}

/** The directory as authorization reads it. */
export interface DirectoryFacts {
  group(groupId: number): GroupFacts | undefined;
  project(projectId: number): ProjectFacts | undefined;
  /** The group itself first, then its parent, up to the root. */
  groupAncestry(groupId: number): readonly GroupFacts[];
  /** Projects whose namespace is the group or any of its descendants. */
  projectsInGroupTree(groupId: number): readonly ProjectFacts[];
}

export const NO_ACCESS = 0;

/** Membership is inherited down the group tree: the highest level on the group or any ancestor. */
export function groupAccessLevel(facts: DirectoryFacts, userId: number, groupId: number): number {
  let level = NO_ACCESS;
  for (const group of facts.groupAncestry(groupId)) level = Math.max(level, group.members[userId] ?? NO_ACCESS);
  return level;
}

/** A project member's own level, or what they inherit from the project's group and its ancestors. */
export function projectAccessLevel(facts: DirectoryFacts, userId: number, projectId: number): number {
  const project = facts.project(projectId);
  if (!project) return NO_ACCESS;
  return Math.max(project.members[userId] ?? NO_ACCESS, groupAccessLevel(facts, userId, project.namespaceId));
}

export const isMaintainer = (level: number) => level >= ACCESS_LEVEL.maintainer;
export const isOwner = (level: number) => level >= ACCESS_LEVEL.owner;
