import type { EventStore, RecordedEvent } from '@app/event-store';
import type { Projection } from './projection';

export interface FoldTarget {
  readonly projection: Projection;
  /** The projection has seen every event up to this position (its checkpoint). */
  readonly after: number;
}

export interface FoldOptions {
  /** Last position to apply (inclusive); default: whatever the log holds when the read reaches it. */
  readonly to?: number;
  /** The first event for which this is false ends the fold (it and everything after it are left out). */
  readonly while?: (event: RecordedEvent) => boolean;
  /** Events per read; large reads are the cheapest way through a long log. */
  readonly batchSize?: number;
  /** Told the last position read after each batch (a replay's progress). */
  readonly onBatch?: (position: number) => void;
}

/**
 * Applies the log to projections in memory, each from its own checkpoint, and returns the position
 * they all hold afterwards. Nothing is persisted: a rebuild saves once, at the end.
 */
export async function foldLog(store: Pick<EventStore, 'readAll'>, targets: readonly FoldTarget[], options: FoldOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 5000;
  const to = options.to ?? Number.MAX_SAFE_INTEGER;
  const start = Math.min(...targets.map((t) => t.after));
  let position = start;
  for (let after = start; after < to; ) {
    const events = await store.readAll({ after, maxCount: batchSize });
    for (const event of events) {
      if (event.position > to || (options.while && !options.while(event))) return Math.max(position, ...targets.map((t) => t.after));
      for (const target of targets) if (event.position > target.after) target.projection.apply(event);
      position = event.position;
    }
    if (events.length > 0) options.onBatch?.(events[events.length - 1].position);
    if (events.length < batchSize) break;
    after = events[events.length - 1].position;
  }
  // Every event up to `to` has been read (positions may have gaps), unless the log ends before it.
  const reached = options.to !== undefined && !options.while ? Math.max(position, options.to) : position;
  return Math.max(reached, ...targets.map((t) => t.after));
}
