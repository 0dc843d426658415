import { Injectable } from '@nestjs/common';
import type { RunnerType } from '@app/domain';
import { DirectoryProjection } from '@app/projections';

const minimum = (values: readonly (number | null | undefined)[]): number | null => {
  const present = values.filter((v): v is number => typeof v === 'number' && v > 0);
  return present.length === 0 ? null : Math.min(...present);
};

/**
 * GitLab computes a runner token's expiry once, when the token is created or reset, from the
 * shortest expiration interval that applies (instance, groups up the tree, projects).
 */
@Injectable()
export class TokenExpiryPolicy {
  constructor(private readonly directory: DirectoryProjection) {}

  expiresAt(runner: { runnerType: RunnerType; groupId: number | null; projectIds: readonly number[] }, now: Date): string | null {
    const seconds = this.intervalSeconds(runner);
    return seconds === null ? null : new Date(now.getTime() + seconds * 1000).toISOString();
  }

  private intervalSeconds(runner: { runnerType: RunnerType; groupId: number | null; projectIds: readonly number[] }): number | null {
    const settings = this.directory.instanceSettings();
    switch (runner.runnerType) {
      case 'instance_type':
        return minimum([settings?.runnerTokenExpirationInterval]);
      case 'group_type':
        return runner.groupId === null ? null : this.groupInterval(runner.groupId);
      case 'project_type':
        return minimum(runner.projectIds.map((id) => this.projectInterval(id)));
    }
  }

  private groupInterval(groupId: number): number | null {
    const [group, ...ancestors] = this.directory.groupAncestry(groupId);
    return minimum([
      group?.runnerTokenExpirationInterval,
      ...ancestors.map((a) => a.subgroupRunnerTokenExpirationInterval),
      this.directory.instanceSettings()?.groupRunnerTokenExpirationInterval,
    ]);
  }

  private projectInterval(projectId: number): number | null {
    const project = this.directory.project(projectId);
    if (!project) return null;
    return minimum([
      project.runnerTokenExpirationInterval,
      ...this.directory.groupAncestry(project.namespaceId).map((g) => g.projectRunnerTokenExpirationInterval),
      this.directory.instanceSettings()?.projectRunnerTokenExpirationInterval,
    ]);
  }
}
