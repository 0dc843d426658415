import type { RoaringBitmap32 } from 'roaring';
import type { RunnerMembership } from '@app/domain';
import type { RunnerFilters } from '../runner-filters';

/**
 * The answers of the latest selections, for as long as nothing in the index has moved. A
 * dashboard asks the same few lists over and over, and between two changes to the fleet (a
 * registration, an edit, a runner changing status) their answers are the same; computing one
 * builds temporary bitmaps as large as the fleet (up to 128 kB each at a million runners), whose
 * garbage cost more than the intersections themselves. Any change clears it all: correctness
 * never rests on knowing which answers a change touches.
 */
export class SelectionMemo {
  private readonly answers = new Map<string, RoaringBitmap32 | null>();
  private validFor = '';

  constructor(private readonly capacity: number) {}

  /** The remembered answer for `key` at this state of the index, or undefined. */
  get(key: string, state: string): RoaringBitmap32 | null | undefined {
    if (state !== this.validFor) {
      this.answers.clear();
      this.validFor = state;
      return undefined;
    }
    const answer = this.answers.get(key);
    if (answer === undefined) return undefined;
    // Most recently used last: the first key is the one to forget.
    this.answers.delete(key);
    this.answers.set(key, answer);
    return answer;
  }

  /** Remembers an answer; it must never be changed afterwards. */
  set(key: string, answer: RoaringBitmap32 | null): void {
    if (this.answers.size >= this.capacity) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, answer);
  }
}

/** One string per distinct question: filters in a fixed order, then the membership's sets sorted. */
export function selectionKey(filters: RunnerFilters, membership: RunnerMembership | undefined): string {
  const members = membership && [membership.instance, [...membership.groupIds].sort((a, b) => a - b), [...membership.projectIds].sort((a, b) => a - b)];
  return JSON.stringify([filters.scope, filters.type, filters.status, filters.paused, filters.versionPrefix, filters.tagList, filters.search, members]);
}
