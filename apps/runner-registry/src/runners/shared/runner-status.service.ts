import { Inject, Injectable } from '@nestjs/common';
import { isOnline, matchesStatusFilter, restRunnerStatus, type RestRunnerStatus, type StatusThresholds } from '@app/domain';
import type { RunnerView } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { Clock } from '../../infrastructure/clock';

/** Status as of now, with the configured thresholds: the status field and the filters share it. */
@Injectable()
export class RunnerStatusService {
  private readonly thresholds: StatusThresholds;

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly clock: Clock) {
    this.thresholds = { onlineTimeoutSeconds: config.onlineTimeoutSeconds, staleTimeoutSeconds: config.staleTimeoutSeconds };
  }

  status(runner: RunnerView, now = this.clock.now().getTime()): RestRunnerStatus {
    return restRunnerStatus(this.inputs(runner), now, this.thresholds);
  }

  online(runner: RunnerView, now = this.clock.now().getTime()): boolean | null {
    return isOnline(runner.contactedAt, now, this.thresholds);
  }

  matches(filter: string, runner: RunnerView, now = this.clock.now().getTime()): boolean {
    return matchesStatusFilter(filter, this.inputs(runner), now, this.thresholds);
  }

  private inputs(runner: RunnerView) {
    return { createdAt: runner.createdAt, contactedAt: runner.contactedAt, paused: runner.paused };
  }
}
