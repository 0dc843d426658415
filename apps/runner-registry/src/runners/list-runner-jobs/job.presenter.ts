import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { DirectoryProjection, type JobView } from '@app/projections';

/** API::Entities::ProjectIdentity: the directory's project, by the job's project_id. */
interface ProjectIdentity {
  id: number;
  description: string | null;
  name: string | null;
  name_with_namespace: string | null;
  path: string | null;
  path_with_namespace: string | null;
  created_at: string | null;
}

/** GitLab's API::Entities::Ci::JobBasicWithProject, field for field and in GitLab's order. */
@Injectable()
export class JobPresenter {
  constructor(
    private readonly directory: DirectoryProjection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(jobs: readonly JobView[]): Record<string, unknown>[] {
    // One page names few projects: render each once.
    const projects = new Map<number, ProjectIdentity>();
    return jobs.map((job) => {
      let project = projects.get(job.projectId);
      if (!project) projects.set(job.projectId, (project = this.project(job.projectId)));
      return this.job(job, project);
    });
  }

  private job(job: JobView, project: ProjectIdentity): Record<string, unknown> {
    const entity: Record<string, unknown> = {
      id: job.jobId,
      status: job.status,
      stage: job.stage,
      name: job.name,
      ref: job.ref,
      tag: job.tag,
      coverage: job.coverage,
      allow_failure: job.allowFailure,
      created_at: job.createdAt,
      started_at: job.startedAt,
      finished_at: job.finishedAt,
      erased_at: job.erasedAt,
      duration: job.duration,
      queued_duration: job.queuedDuration,
      user: job.user,
      commit: job.commit,
      pipeline: job.pipeline,
    };
    // GitLab exposes failure_reason only `if: ->(job) { job.failed? }`.
    if (job.status === 'failed') entity.failure_reason = job.failureReason;
    entity.web_url = job.webUrl ?? this.webUrl(job, project);
    entity.project = project;
    return entity;
  }

  /**
   * GitLab's `project_job_url(project, job)` from the external URL, the project's path and the job
   * id, for an event that left `web_url` out: GitLab always has one and Go clients dereference it.
   * A project the directory does not know (yet) is addressed by its id.
   */
  private webUrl(job: JobView, project: ProjectIdentity): string {
    return `${this.config.externalUrl}/${project.path_with_namespace ?? `projects/${project.id}`}/-/jobs/${job.jobId}`;
  }

  /**
   * created_at is when the directory learned of the project (GitLab always has one). A project the
   * directory does not know (yet) still shows its id, and no name, path or creation time: only
   * administrators and auditors see such jobs, everyone else needs a membership in the project.
   */
  private project(id: number): ProjectIdentity {
    const project = this.directory.project(id);
    if (!project) return { id, description: null, name: null, name_with_namespace: null, path: null, path_with_namespace: null, created_at: null };
    const chain = this.directory.groupAncestry(project.namespaceId).reverse();
    return {
      id,
      description: project.description,
      name: project.name,
      name_with_namespace: [...chain.map((g) => g.name), project.name].join(' / '),
      path: project.path,
      path_with_namespace: [...chain.map((g) => g.path), project.path].join('/'),
      created_at: project.createdAt ?? null,
    };
  }
}
