import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StatusThresholds } from '@app/domain';
import { RunnersProjection } from '@app/projections';
import { APP_CONFIG, statusThresholds, type AppConfig } from '@app/config/app-config';
import { Clock } from '@app/common/clock';
import { PeriodicTask } from '@app/common/periodic-task';
import { LoopSlices } from '@app/common/loop-slices';
import { CommandBus } from '@nestjs/cqrs';
import { ContactCache } from '@app/api/contacts/contact-cache';
import { DeleteStaleManagerCommand } from './delete-stale-manager.command';

/** GitLab deletes at most 1,000 stale managers per run; the rest wait for the next one. */
const MAX_DELETIONS_PER_RUN = 1000;

/**
 * GitLab's StaleManagersCleanupCronWorker: runner managers neither created nor seen within the
 * stale timeout (RUNNER_STALE_TIMEOUT_SECONDS, GitLab's 7 days) are deleted, as
 * RunnerManagerDeleted events by `system:stale-manager-cleanup`. Each deletion is re-decided
 * against the log with the freshest contact known, so a manager that just came back stays, and
 * two replicas running this at once delete each manager once.
 */
@Injectable()
export class StaleManagerCleanup {
  private readonly logger = new Logger('StaleManagerCleanup');
  private readonly thresholds: StatusThresholds;
  private readonly periodic = new PeriodicTask(() => this.run(), this.logger);

  constructor(
    private readonly runners: RunnersProjection,
    private readonly cache: ContactCache,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.thresholds = statusThresholds(config);
  }

  start(): void {
    this.periodic.start(this.config.staleManagerCleanupIntervalSeconds * 1000);
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One run; resolves with the number of managers deleted. Public so tests can drive it. */
  async run(): Promise<number> {
    const now = this.clock.now();
    const deadline = now.getTime() - this.thresholds.staleTimeoutSeconds * 1000;
    let deleted = 0;
    // The walk is the whole fleet's, on the event loop: in slices, so polls never wait for it.
    const slices = new LoopSlices();
    for (const runner of this.runners.all()) {
      if (slices.due()) await slices.handBack();
      for (const manager of Object.values(runner.managers)) {
        if (deleted >= MAX_DELETIONS_PER_RUN) return deleted;
        const cached = this.cache.managerContactedAt(runner.id, manager.systemId);
        const stored = manager.contactedAt === null ? -Infinity : Date.parse(manager.contactedAt);
        const lastSeen = Math.max(Date.parse(manager.createdAt), stored, cached ?? -Infinity);
        if (lastSeen > deadline) continue;
        const lastContactedAt = cached === undefined ? null : new Date(cached);
        const outcome = await this.commands.execute(new DeleteStaleManagerCommand(runner.id, manager.systemId, lastContactedAt, this.thresholds, now));
        if (outcome.ok && outcome.value) deleted++;
      }
    }
    return deleted;
  }
}
