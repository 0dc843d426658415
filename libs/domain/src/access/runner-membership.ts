import type { RunnerFacts } from './runner-policy';

/**
 * Which runners a list may show, as memberships rather than a test per runner, so that an index
 * can answer it: instance runners (all or none), group runners of these groups, project runners
 * assigned to any of these projects. GitLab's scopes all have this shape
 * (Ci::Runner.owned_or_instance_wide, group_or_instance_wide, User#ci_owned_runners).
 */
export interface RunnerMembership {
  readonly instance: boolean;
  readonly groupIds: ReadonlySet<number>;
  readonly projectIds: ReadonlySet<number>;
}

export function isMember(membership: RunnerMembership, runner: Pick<RunnerFacts, 'runnerType' | 'groupId' | 'projectIds'>): boolean {
  switch (runner.runnerType) {
    case 'instance_type':
      return membership.instance;
    case 'group_type':
      return runner.groupId !== null && membership.groupIds.has(runner.groupId);
    case 'project_type':
      return runner.projectIds.some((id) => membership.projectIds.has(id));
  }
}
