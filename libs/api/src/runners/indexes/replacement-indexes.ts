import type { StatusThresholds } from '@app/domain';
import { LoopSlices } from '@app/common/loop-slices';
import type { RunnersProjection } from '@app/projections';
import { RunnerAttributeIndex } from './attribute-index';
import { RunnerStatusIndex, type StatusFacts } from './status-index';

/**
 * The list indexes of a replacement runners model (a replayed generation), built before it is
 * swapped in, while the service goes on answering from the live indexes: a rebuild at the swap
 * held every request for about half a second at 100,000 runners. The replacement does not change
 * while they are built (the engine's catch-up comes after); what it folds afterwards, until the
 * swap, is indexed as it comes. Contacts are filed here too (RunnerIndex passes them on).
 */
export class ReplacementIndexes {
  readonly attributes = new RunnerAttributeIndex();
  readonly statuses: RunnerStatusIndex;
  /** Built, and following the replacement's changes. */
  complete = false;
  /** Where the statuses read their facts: the replacement, then the live model that took it over. */
  private factsFrom: RunnersProjection;

  constructor(
    readonly source: RunnersProjection,
    thresholds: StatusThresholds,
    facts: (projection: RunnersProjection, id: number) => StatusFacts | undefined,
    now: number,
  ) {
    this.factsFrom = source;
    this.statuses = new RunnerStatusIndex(thresholds, (id) => facts(this.factsFrom, id), now);
  }

  /** Builds, giving the event loop back every few milliseconds; stops early once `wanted` says these will not be swapped in. */
  async build(wanted: () => boolean, slices = new LoopSlices()): Promise<void> {
    for (const view of this.source.all()) {
      this.attributes.apply(undefined, view);
      this.statuses.place(view.id);
      if (slices.due()) {
        await slices.handBack();
        if (!wanted()) return;
      }
    }
    this.source.onRunnerViewChanged((before, after) => {
      if (!wanted()) return;
      if (!before && !after) {
        // Rehydrated: what was built no longer describes it.
        this.complete = false;
        return;
      }
      this.attributes.apply(before, after);
      this.statuses.place((after ?? before)!.id);
    });
    this.complete = true;
  }

  /** The swap: `live` has taken over the replacement's documents, and serves them from now on. */
  adoptedBy(live: RunnersProjection): void {
    this.factsFrom = live;
  }
}
