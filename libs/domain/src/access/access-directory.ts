import type { DirectoryFacts, GroupFacts } from './membership';

/** A group as the policies read it: its members, and whether it (as a root) allows registration tokens. */
export interface NamespaceGroupFacts extends GroupFacts {
  readonly allowRunnerRegistrationToken: boolean;
}

/**
 * The directory as the policies read it: membership (DirectoryFacts), subgroups (who sees a
 * group), and the registration-token switches. Read-only; the directory query model is one.
 */
export interface AccessDirectory extends DirectoryFacts {
  group(groupId: number): NamespaceGroupFacts | undefined;
  groupAncestry(groupId: number): readonly NamespaceGroupFacts[];
  /** Subgroups at any depth, not the group itself. */
  descendantGroups(groupId: number): readonly GroupFacts[];
  instanceSettings(): { readonly allowRunnerRegistrationToken: boolean } | undefined;
}
