import { RoaringBitmap32 } from 'roaring';
import { matchesRunnerSearch, type RunnerSearch } from '@app/domain';
import { LoopSlices } from '@app/common/loop-slices';
import type { RunnerView } from '@app/projections';

/** How many searches' answers are kept current (a console's search box asks the same few again and again). */
const REMEMBERED_SEARCHES = 16;

/** What a search reads of the fleet: every runner in id order (an array nobody mutates), and one by id. */
export interface SearchedFleet {
  all(): readonly RunnerView[];
  get(id: number): RunnerView | undefined;
}

interface Scan {
  /** Runners whose description changed while the scan ran: tested again, as they are, at its end. */
  readonly changed: Set<number>;
  readonly done: Promise<void>;
}

const keyOf = (search: RunnerSearch) => JSON.stringify(search);

/**
 * The answers of the runner lists' searches (parseRunnerSearch), remembered and kept current.
 * Search has no index of its own: a trigram index (PostgreSQL's pg_trgm idea) answered selective
 * searches in microseconds, but its bitmaps took ~20 MB of native memory per 100,000 runners with
 * descriptions of their own, and half a second more to start, for a filter GitLab's REST lists do
 * not have. So the first ask of a search tests every runner's description, a few milliseconds at a
 * time (scan), and its answer is remembered. Every description that changes afterwards is tested
 * against each remembered search (move), so asking again costs nothing, whatever else moved in the
 * fleet meanwhile: statuses change all the time, descriptions seldom.
 */
export class SearchAnswers {
  /** Least recently asked first. */
  private readonly answers = new Map<string, { readonly search: RunnerSearch; readonly ids: RoaringBitmap32 }>();
  private readonly scans = new Map<string, Scan>();

  /** Runner `id`'s description is now `after` (null: none, or the runner is gone). */
  move(id: number, after: string | null): void {
    for (const { search, ids } of this.answers.values()) {
      if (matchesRunnerSearch(search, after)) ids.add(id);
      else ids.delete(id);
    }
    for (const scan of this.scans.values()) scan.changed.add(id);
  }

  /** The remembered answer, kept current: read it before yielding, never change it. */
  remembered(search: RunnerSearch): RoaringBitmap32 | undefined {
    const key = keyOf(search);
    const answer = this.answers.get(key);
    if (!answer) return undefined;
    this.answers.delete(key);
    this.answers.set(key, answer);
    return answer.ids;
  }

  /** The answer now: remembered, or from one pass over the fleet in a single step (for a caller that cannot wait; the lists scan first). */
  find(search: RunnerSearch, fleet: SearchedFleet): RoaringBitmap32 {
    const remembered = this.remembered(search);
    if (remembered) return remembered;
    const ids: number[] = [];
    for (const runner of fleet.all()) if (matchesRunnerSearch(search, runner.description)) ids.push(runner.id);
    return this.remember(search, new RoaringBitmap32(ids));
  }

  /**
   * Finds and remembers the answer unless it is remembered, giving the event loop back every few
   * milliseconds (a million descriptions take over 100 ms). Lists asking for the same search
   * meanwhile wait for the same scan.
   */
  scan(search: RunnerSearch, fleet: SearchedFleet, slices = new LoopSlices()): Promise<void> {
    const key = keyOf(search);
    if (this.answers.has(key)) return Promise.resolve();
    const running = this.scans.get(key);
    if (running) return running.done;
    // Filed before the walk starts: a small fleet is walked without yielding, before scan returns.
    const changed = new Set<number>();
    this.scans.set(key, { changed, done: Promise.resolve() });
    const done = this.walk(search, fleet, slices, key, changed).finally(() => {
      if (this.scans.get(key)?.changed === changed) this.scans.delete(key);
    });
    this.scans.set(key, { changed, done });
    return done;
  }

  private async walk(search: RunnerSearch, fleet: SearchedFleet, slices: LoopSlices, key: string, changed: Set<number>): Promise<void> {
    const ids: number[] = [];
    // all() is replaced, never changed, when the fleet changes: this walk reads one version of it.
    for (const runner of fleet.all()) {
      if (matchesRunnerSearch(search, runner.description)) ids.push(runner.id);
      if (slices.due()) await slices.handBack();
    }
    // Cleared meanwhile (the fleet was replaced wholesale): this answer describes nothing.
    if (this.scans.get(key)?.changed !== changed) return;
    const answer = new RoaringBitmap32(ids);
    for (const id of changed) {
      if (matchesRunnerSearch(search, fleet.get(id)?.description ?? null)) answer.add(id);
      else answer.delete(id);
    }
    this.remember(search, answer);
  }

  clear(): void {
    this.answers.clear();
    this.scans.clear();
  }

  private remember(search: RunnerSearch, ids: RoaringBitmap32): RoaringBitmap32 {
    if (this.answers.size >= REMEMBERED_SEARCHES) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(keyOf(search), { search, ids });
    return ids;
  }
}
