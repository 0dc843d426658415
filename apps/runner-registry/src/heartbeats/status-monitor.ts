import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isOnline, isStale, runnerStreamId, type StatusThresholds } from '@app/domain';
import { RunnersProjection, type RunnerView } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../infrastructure/clock';
import { commandContext } from '../infrastructure/command-context';
import { CommandExecutor } from '../infrastructure/command-executor';
import { ContactCache, freshest } from './contact-cache';

const SWEEP_CONCURRENCY = 100;

/**
 * Turns time-driven status changes into events: once a runner passes the online or stale
 * threshold, RunnerWentOffline / RunnerBecameStale is appended, once per transition. Several
 * replicas may run this at once: the decider re-checks against the log under an expected
 * revision, so only one of them records each transition.
 */
@Injectable()
export class StatusMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StatusMonitor');
  private readonly thresholds: StatusThresholds;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly runners: RunnersProjection,
    private readonly cache: ContactCache,
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.thresholds = { onlineTimeoutSeconds: config.onlineTimeoutSeconds, staleTimeoutSeconds: config.staleTimeoutSeconds };
  }

  onApplicationBootstrap(): void {
    if (this.config.statusMonitorIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error) => this.logger.error(error))
        .finally(() => (this.running = undefined));
    }, this.config.statusMonitorIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every runner; public so tests can drive it without waiting for the timer. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    const due = this.runners
      .all()
      .map((runner) => ({ runner, transition: this.pendingTransition(runner, now.getTime()) }))
      .filter((entry): entry is { runner: RunnerView; transition: 'offline' | 'stale' } => entry.transition !== null);
    // In chunks: after an outage thousands of runners cross the threshold in the same second.
    for (let i = 0; i < due.length; i += SWEEP_CONCURRENCY) {
      await Promise.all(
        due.slice(i, i + SWEEP_CONCURRENCY).map(({ runner, transition }) =>
          this.executor.runner(
            runnerStreamId(runner.id),
            { type: 'RecordStatusTransition', runnerId: runner.id, transition, thresholds: this.thresholds, now: now.toISOString() },
            commandContext({ type: 'system', name: 'status-monitor' }, now),
          ),
        ),
      );
    }
  }

  private pendingTransition(runner: RunnerView, now: number): 'offline' | 'stale' | null {
    if (runner.staleRecorded) return null;
    const contactedAt = freshest(runner.contactedAt, this.cache.runnerContactedAt(runner.id));
    if (isStale({ createdAt: runner.createdAt, contactedAt }, now, this.thresholds)) return 'stale';
    if (runner.offlineRecorded || contactedAt === null) return null;
    return isOnline(contactedAt, now, this.thresholds) ? null : 'offline';
  }
}
