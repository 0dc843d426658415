import { Inject, Injectable } from '@nestjs/common';
import { onlineAt, restStatusAt, type RestRunnerStatus, type StatusThresholds, type StatusTimes } from '@app/domain';
import type { RunnerView } from '@app/projections';
import { APP_CONFIG, statusThresholds, type AppConfig } from '@app/config/app-config';
import { ContactCache, freshest } from '../contacts/contact-cache';
import { Clock } from '@app/common/clock';

/** A view's own instants, parsed once: views are immutable, so the numbers live as long as the view. */
interface StoredTimes {
  readonly createdMs: number;
  readonly contactMs: number | null;
}

/**
 * Status as of now, with the configured thresholds and the freshest contact (the log's or the
 * contact cache's): the status field, the list filters and their indexes share it, so they always agree.
 */
@Injectable()
export class RunnerStatusService {
  private readonly thresholds: StatusThresholds;
  private readonly parsed = new WeakMap<RunnerView, StoredTimes>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly clock: Clock, private readonly contacts: ContactCache) {
    this.thresholds = statusThresholds(config);
  }

  status(runner: RunnerView, now = this.clock.now().getTime()): RestRunnerStatus {
    return restStatusAt(this.times(runner), now, this.thresholds);
  }

  online(runner: RunnerView, now = this.clock.now().getTime()): boolean | null {
    return onlineAt(this.times(runner).contactMs, now, this.thresholds);
  }

  contactedAt(runner: RunnerView): string | null {
    return freshest(runner.contactedAt, this.contacts.runnerContactedAt(runner.id));
  }

  /** What status follows from, with the later of the stored and the cached contact (the view's instants parsed once, for lists). */
  times(runner: RunnerView): StatusTimes {
    return this.withCachedContact(runner, this.stored(runner));
  }

  /** The same, parsed afresh and kept nowhere: for the status index, which reads each runner rarely and would otherwise pin a memo for every runner. */
  unkeptTimes(runner: RunnerView): StatusTimes {
    return this.withCachedContact(runner, parseStored(runner));
  }

  private withCachedContact(runner: RunnerView, stored: StoredTimes): StatusTimes {
    const cached = this.contacts.runnerContactedAt(runner.id);
    const contactMs = cached === undefined ? stored.contactMs : stored.contactMs === null ? cached : Math.max(stored.contactMs, cached);
    return { createdMs: stored.createdMs, contactMs, paused: runner.paused };
  }

  private stored(runner: RunnerView): StoredTimes {
    let times = this.parsed.get(runner);
    if (!times) this.parsed.set(runner, (times = parseStored(runner)));
    return times;
  }
}

const parseStored = (runner: RunnerView): StoredTimes => ({
  createdMs: Date.parse(runner.createdAt),
  contactMs: runner.contactedAt === null ? null : Date.parse(runner.contactedAt),
});
