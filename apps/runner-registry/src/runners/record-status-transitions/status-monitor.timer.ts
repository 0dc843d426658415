import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StatusThresholds } from '@app/domain';
import { RunnersProjection, type RunnerView } from '@app/projections';
import { APP_CONFIG, statusThresholds, type AppConfig } from '@app/config/app-config';
import { Clock } from '@app/common/clock';
import { LoopSlices } from '@app/common/loop-slices';
import { PeriodicTask } from '@app/common/periodic-task';
import { CommandBus } from '@nestjs/cqrs';
import { ContactCache } from '@app/api/contacts/contact-cache';
import { DueQueue } from '@app/common/due-queue';
import { RecordStatusTransitionCommand } from './record-status-transition.command';

const SWEEP_CONCURRENCY = 100;

/**
 * Turns time-driven status changes into events: once a runner passes the online or stale
 * threshold, RunnerWentOffline / RunnerBecameStale is appended, once per transition. Several
 * replicas may run this at once: the decider re-checks against the log under an expected
 * revision, so only one of them records each transition. The boot sequence starts and stops it.
 */
@Injectable()
export class StatusMonitor {
  private readonly logger = new Logger('StatusMonitor');
  private readonly thresholds: StatusThresholds;
  private readonly periodic = new PeriodicTask(() => this.sweep(), this.logger);
  private readonly queue = new DueQueue();
  private indexed = false;

  constructor(
    private readonly runners: RunnersProjection,
    private readonly cache: ContactCache,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.thresholds = statusThresholds(config);
    runners.onRunnerChanged((runnerId) => this.indexed && this.reschedule(runnerId));
    // Every runner may have changed (a replayed generation swapped in): the next sweep schedules
    // them all again, in slices, rather than the swap doing it runner by runner.
    runners.onRunnerViewChanged((before, after) => {
      if (before || after) return;
      this.indexed = false;
      this.queue.clear();
    });
  }

  start(): void {
    this.periodic.start(this.config.statusMonitorIntervalMs);
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One pass over every runner; public so tests can drive it without waiting for the timer. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    await this.indexAll();
    // Only runners whose transition may be due are looked at: a sweep over every runner every
    // second costs CPU in proportion to the fleet, and keeps V8 from ever giving memory back.
    const due: { runner: RunnerView; transition: 'offline' | 'stale' }[] = [];
    for (const id of this.queue.takeDue(now.getTime())) {
      const runner = this.runners.get(id);
      if (!runner) continue;
      const transition = this.pendingTransition(runner, now.getTime());
      if (transition) due.push({ runner, transition });
      else this.reschedule(id);
    }
    // In chunks: after an outage thousands of runners cross the threshold in the same second.
    for (let i = 0; i < due.length; i += SWEEP_CONCURRENCY) {
      await Promise.all(
        due.slice(i, i + SWEEP_CONCURRENCY).map(({ runner, transition }) =>
          this.commands.execute(new RecordStatusTransitionCommand(runner.id, transition, this.thresholds, this.lastContactedAt(runner), now)),
        ),
      );
    }
  }

  /** The same rules as isStale / isOnline (libs/domain): offline at contact + online timeout, stale at last sight + stale timeout. */
  private pendingTransition(runner: RunnerView, now: number): 'offline' | 'stale' | null {
    const next = this.nextTransition(runner);
    return next && next.at <= now ? next.transition : null;
  }

  /** The freshest contact known here: stored (runner and contact streams, folded) or cached. */
  private freshestContact(runner: RunnerView): number {
    const stored = runner.contactedAt === null ? -Infinity : Date.parse(runner.contactedAt);
    return Math.max(stored, this.cache.runnerContactedAt(runner.id) ?? -Infinity);
  }

  private lastContactedAt(runner: RunnerView): Date | null {
    const contact = this.freshestContact(runner);
    return contact === -Infinity ? null : new Date(contact);
  }

  private nextTransition(runner: RunnerView): { transition: 'offline' | 'stale'; at: number } | null {
    if (runner.staleRecorded) return null;
    const contact = this.freshestContact(runner);
    const staleAt = Math.max(Date.parse(runner.createdAt), contact) + this.thresholds.staleTimeoutSeconds * 1000;
    if (runner.offlineRecorded || contact === -Infinity) return { transition: 'stale', at: staleAt };
    const offlineAt = contact + this.thresholds.onlineTimeoutSeconds * 1000;
    return offlineAt < staleAt ? { transition: 'offline', at: offlineAt } : { transition: 'stale', at: staleAt };
  }

  private reschedule(runnerId: number): void {
    const runner = this.runners.get(runnerId);
    const next = runner && this.nextTransition(runner);
    if (next) this.queue.schedule(runnerId, next.at);
    else this.queue.unschedule(runnerId);
  }

  /**
   * The first time, and after a wholesale change: every runner the query model holds; later ones arrive as changes
   * (from the moment this starts: a runner changed meanwhile is scheduled again, which is harmless).
   * In slices of the event loop: a million runners take seconds, which no poll should wait for.
   */
  private async indexAll(): Promise<void> {
    if (this.indexed) return;
    this.indexed = true;
    const slices = new LoopSlices();
    for (const runner of this.runners.all()) {
      if (slices.due()) await slices.handBack();
      this.reschedule(runner.id);
    }
  }
}
