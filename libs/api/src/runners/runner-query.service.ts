import { Injectable } from '@nestjs/common';
import { RunnersProjection, type RunnerView } from '@app/projections';
import { Clock } from '@app/common/clock';
import { filterRunners, type RunnerFilters } from './runner-filters';
import { RunnerStatusService } from './runner-status.service';

/** Filtered runner lists in id order, with status evaluated at one instant for the whole list. */
@Injectable()
export class RunnerQueryService {
  constructor(
    private readonly runners: RunnersProjection,
    private readonly status: RunnerStatusService,
    private readonly clock: Clock,
  ) {}

  list(filters: RunnerFilters, candidates: readonly RunnerView[] = this.runners.all()): readonly RunnerView[] {
    const now = this.clock.now().getTime();
    return filterRunners(candidates, filters, {
      matchesStatus: (filter, runner) => this.status.matches(filter, runner, now),
      versions: (runner) => Object.values(runner.managers).flatMap((m) => (m.info.version ? [m.info.version] : [])),
    });
  }
}
