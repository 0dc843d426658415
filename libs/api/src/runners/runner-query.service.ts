import { Injectable } from '@nestjs/common';
import { RunnersProjection, type RunnerView } from '@app/projections';
import { Clock } from '@app/common/clock';
import { seekKeysetPage, type KeysetSeek, type KeysetSlice } from './id-keyset';
import { runnerMatcher, type RunnerFilters } from './runner-filters';
import { RunnerStatusService } from './runner-status.service';

/** The runners a list may show at all (the caller's owned runners, a project's or a group's available ones); absent: every runner. */
export type RunnerScope = (runner: RunnerView) => boolean;

/** Filtered runner lists in id order, with status evaluated at one instant for the whole list. */
@Injectable()
export class RunnerQueryService {
  constructor(
    private readonly runners: RunnersProjection,
    private readonly status: RunnerStatusService,
    private readonly clock: Clock,
  ) {}

  /** Every matching runner, ascending by id (offset pages count and slice it). */
  list(filters: RunnerFilters, scope?: RunnerScope): readonly RunnerView[] {
    const matches = this.matcher(filters, scope);
    return matches ? this.runners.all().filter(matches) : this.runners.all();
  }

  /** One keyset page: seeks to the cursor in the projection's id-ordered runners, then filters as it walks. */
  keysetPage(filters: RunnerFilters, scope: RunnerScope | undefined, seek: KeysetSeek): KeysetSlice<RunnerView> {
    return seekKeysetPage(this.runners.all(), seek, this.matcher(filters, scope) ?? (() => true));
  }

  private matcher(filters: RunnerFilters, scope: RunnerScope | undefined): RunnerScope | null {
    const now = this.clock.now().getTime();
    const matchesFilters = runnerMatcher(filters, {
      matchesStatus: (filter, runner) => this.status.matches(filter, runner, now),
      versions: (runner) => Object.values(runner.managers).flatMap((m) => (m.info.version ? [m.info.version] : [])),
    });
    if (!scope) return matchesFilters;
    return matchesFilters ? (runner) => scope(runner) && matchesFilters(runner) : scope;
  }
}
