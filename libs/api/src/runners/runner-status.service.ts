import { Inject, Injectable } from '@nestjs/common';
import { isOnline, matchesStatusFilter, restRunnerStatus, type RestRunnerStatus, type StatusThresholds } from '@app/domain';
import type { RunnerView } from '@app/projections';
import { APP_CONFIG, statusThresholds, type AppConfig } from '@app/config/app-config';
import { ContactCache, freshest } from '../contacts/contact-cache';
import { Clock } from '@app/common/clock';

/**
 * Status as of now, with the configured thresholds and the freshest contact (the log's or the
 * contact cache's): the status field and the list filters share it, so they always agree.
 */
@Injectable()
export class RunnerStatusService {
  private readonly thresholds: StatusThresholds;

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly clock: Clock, private readonly contacts: ContactCache) {
    this.thresholds = statusThresholds(config);
  }

  status(runner: RunnerView, now = this.clock.now().getTime()): RestRunnerStatus {
    return restRunnerStatus(this.inputs(runner), now, this.thresholds);
  }

  online(runner: RunnerView, now = this.clock.now().getTime()): boolean | null {
    return isOnline(this.contactedAt(runner), now, this.thresholds);
  }

  contactedAt(runner: RunnerView): string | null {
    return freshest(runner.contactedAt, this.contacts.runnerContactedAt(runner.id));
  }

  matches(filter: string, runner: RunnerView, now = this.clock.now().getTime()): boolean {
    return matchesStatusFilter(filter, this.inputs(runner), now, this.thresholds);
  }

  private inputs(runner: RunnerView) {
    return { createdAt: runner.createdAt, contactedAt: this.contactedAt(runner), paused: runner.paused };
  }
}
