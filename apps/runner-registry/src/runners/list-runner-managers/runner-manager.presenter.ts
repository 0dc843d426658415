import { Inject, Injectable } from '@nestjs/common';
import { isOnline, isStale, type StatusThresholds } from '@app/domain';
import { JobsProjection, type RunnerManagerView, type RunnerView } from '@app/projections';
import { APP_CONFIG, statusThresholds, type AppConfig } from '@app/config/app-config';
import { Clock } from '@app/common/clock';
import { ContactCache, freshest } from '@app/api/contacts/contact-cache';

/** GitLab's API::Entities::Ci::RunnerManager, in its field order. */
@Injectable()
export class RunnerManagerPresenter {
  private readonly thresholds: StatusThresholds;

  constructor(
    private readonly cache: ContactCache,
    private readonly jobs: JobsProjection,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.thresholds = statusThresholds(config);
  }

  list(runner: RunnerView): Record<string, unknown>[] {
    const now = this.clock.now().getTime();
    return Object.values(runner.managers)
      .sort((a, b) => a.id - b.id)
      .map((manager) => this.present(runner, manager, now));
  }

  private present(runner: RunnerView, manager: RunnerManagerView, now: number): Record<string, unknown> {
    const contactedAt = freshest(manager.contactedAt, this.cache.managerContactedAt(runner.id, manager.systemId));
    return {
      id: manager.id,
      system_id: manager.systemId,
      version: manager.info.version,
      revision: manager.info.revision,
      platform: manager.info.platform,
      architecture: manager.info.architecture,
      created_at: manager.createdAt,
      contacted_at: contactedAt,
      ip_address: manager.ipAddress,
      status: this.status(manager.createdAt, contactedAt, now),
      job_execution_status: this.running(runner.id, manager.systemId) ? 'active' : 'idle',
    };
  }

  /** GitLab's RunnerJobExecutionStatusHelper: active while the manager runs a job, from the job events received. */
  private running(runnerId: number, systemId: string): boolean {
    return this.jobs.runnerJobIds(runnerId, systemId).some((id) => this.jobs.get(id)?.status === 'running');
  }

  /** Managers have no `paused`: stale, never contacted, then online or offline (GitLab app/models/ci/runner_manager.rb). */
  private status(createdAt: string, contactedAt: string | null, now: number): string {
    if (isStale({ createdAt, contactedAt }, now, this.thresholds)) return 'stale';
    if (contactedAt === null) return 'never_contacted';
    return isOnline(contactedAt, now, this.thresholds) ? 'online' : 'offline';
  }
}
