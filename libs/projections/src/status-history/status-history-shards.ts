import { FLEET_ABSENT } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { StatusHistoryProjection, statusChangeOf } from './status-history.projection';

/**
 * The status history of a replay whose runners are folded in shards (see RunnerShardFold): each
 * thread notes the status changes of its own runners (a handful per runner: registration, first
 * contact, offline, stale, deletion), and the history is then folded from all shards' changes in
 * log order. A runner's code depends only on its own stream's facts, so each shard knows every
 * change of its runners, and the history only ever sees changes: the same calls, in the same order,
 * as folding every runner event of the log, without any thread reading another shard's events.
 */

/** A shard's changes, as they cross to another thread (structured clone): columns, in log order. */
export interface FoldedStatusChanges {
  readonly positions: Float64Array;
  readonly runnerIds: Float64Array;
  readonly codes: Uint8Array;
  readonly ats: Float64Array;
}

/** Notes the status changes of the runner events it is given (a shard's: the caller filters). */
export class StatusChangeLog {
  private readonly codes = new Map<number, number>();
  private readonly positions: number[] = [];
  private readonly runnerIds: number[] = [];
  private readonly changedCodes: number[] = [];
  private readonly ats: number[] = [];

  apply(event: RecordedEvent): void {
    const change = statusChangeOf(event, (runnerId) => this.codes.get(runnerId) ?? FLEET_ABSENT);
    if (!change) return;
    this.codes.set(change.runnerId, change.code);
    this.positions.push(event.position);
    this.runnerIds.push(change.runnerId);
    this.changedCodes.push(change.code);
    this.ats.push(change.at);
  }

  result(): FoldedStatusChanges {
    return {
      positions: Float64Array.from(this.positions),
      runnerIds: Float64Array.from(this.runnerIds),
      codes: Uint8Array.from(this.changedCodes),
      ats: Float64Array.from(this.ats),
    };
  }
}

/** The status history folded from every shard's changes (disjoint runners, together the whole fleet), merged by log position. */
export function statusHistoryFromShards(shards: readonly FoldedStatusChanges[], into = new StatusHistoryProjection()): StatusHistoryProjection {
  const next = shards.map(() => 0);
  for (;;) {
    let earliest = -1;
    for (let s = 0; s < shards.length; s++) {
      if (next[s] < shards[s].positions.length && (earliest === -1 || shards[s].positions[next[s]] < shards[earliest].positions[next[earliest]])) earliest = s;
    }
    if (earliest === -1) return into;
    const shard = shards[earliest];
    const i = next[earliest]++;
    into.applyChange({ runnerId: shard.runnerIds[i], code: shard.codes[i], at: shard.ats[i] });
  }
}
