import { Injectable } from '@nestjs/common';
import { ACCESS_LEVEL, projectAccessLevel } from '@app/domain';
import type { PageSource } from '@app/http';
import { DirectoryProjection, JobsProjection, type JobView, type UserView } from '@app/projections';
import { lowerBound } from '@app/projections/sorted-ids';

export interface RunnerJobsFilter {
  readonly runnerId: number;
  /** Only that runner manager's jobs. */
  readonly systemId?: string;
  readonly status?: string;
  /** null: every project (administrators, auditors). */
  readonly visibleProject: ((projectId: number) => boolean) | null;
}

export interface KeysetPage {
  readonly items: JobView[];
  readonly hasNext: boolean;
}

/** Ci::RunnerJobsFinder over the jobs query model: by runner (and manager), permission, status, id order. */
@Injectable()
export class RunnerJobsQuery {
  constructor(private readonly jobs: JobsProjection, private readonly directory: DirectoryProjection) {}

  /**
   * GitLab's by_permission: users who cannot read everything only see jobs of projects where
   * they are Reporter or above; the rest are left out silently. Decided once per project.
   */
  projectFilter(user: UserView): ((projectId: number) => boolean) | null {
    if (user.admin || user.auditor) return null;
    const decided = new Map<number, boolean>();
    return (projectId) => {
      let visible = decided.get(projectId);
      if (visible === undefined) decided.set(projectId, (visible = projectAccessLevel(this.directory, user.userId, projectId) >= ACCESS_LEVEL.reporter));
      return visible;
    };
  }

  /** Offset pages: without filters a lazy view over the id index, else the filtered list. */
  offsetSource(filter: RunnerJobsFilter, descending: boolean): PageSource<JobView> | readonly JobView[] {
    const ids = this.jobs.runnerJobIds(filter.runnerId, filter.systemId);
    if (filter.status === undefined && filter.visibleProject === null) {
      const lazy: PageSource<JobView> = {
        countUpTo: (limit) => Math.min(ids.length, limit),
        slice: (offset, limit) => {
          const picked: JobView[] = [];
          for (let i = offset; i < Math.min(ids.length, offset + limit); i++) picked.push(this.load(ids[descending ? ids.length - 1 - i : i]));
          return picked;
        },
      };
      return lazy;
    }
    const matching = ids.map((id) => this.load(id)).filter((job) => this.matches(job, filter));
    return descending ? matching.reverse() : matching;
  }

  /** Keyset pages run id DESC: the next `limit` matching jobs below `beforeId` (or from the top). */
  keysetPage(filter: RunnerJobsFilter, beforeId: number | null, limit: number): KeysetPage {
    const ids = this.jobs.runnerJobIds(filter.runnerId, filter.systemId);
    const items: JobView[] = [];
    const start = (beforeId === null ? ids.length : lowerBound(ids, beforeId)) - 1;
    for (let i = start; i >= 0 && items.length <= limit; i--) {
      const job = this.load(ids[i]);
      if (this.matches(job, filter)) items.push(job);
    }
    return { items: items.slice(0, limit), hasNext: items.length > limit };
  }

  private matches(job: JobView, filter: RunnerJobsFilter): boolean {
    if (filter.status !== undefined && job.status !== filter.status) return false;
    return filter.visibleProject === null || filter.visibleProject(job.projectId);
  }

  private load(id: number): JobView {
    // The index is derived from the documents, so every indexed id has one.
    return this.jobs.get(id)!;
  }
}
