import { LoopSlices } from '@app/common/loop-slices';
import { isRunnerEventType, RUNNER_STREAM_PREFIX, type RunnerEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { DocumentCollection } from '../engine/document-collection';
import type { Projection } from '../engine/projection';
import type { RunnerView } from './runner-view';
import { lowerBoundBy } from '../sorted-ids';
import { evolveRunnerView, registeredRunnerView } from './runner-view.fold';
import { RunnerViewCompactor } from './runner-view.compact';

const byId = (runner: { readonly id: number }) => runner.id;

/** See onRunnerViewChanged. */
export type RunnerViewListener = (before: RunnerView | undefined, after: RunnerView | undefined, replacedBy?: RunnersProjection) => void;

/** See onPrepareReplacement. */
export type ReplacementPreparer = (fresh: RunnersProjection) => Promise<void>;

interface RunnersMeta {
  readonly highestRunnerId: number;
  readonly highestManagerId?: number;
}

/**
 * The runners query model: runner documents by id, with in-memory indexes by token digest and in
 * id order (GitLab lists runners by ascending id). What each event means comes from the runner
 * decider's evolve (see runner-view.fold.ts); this class keeps the documents and indexes.
 */
export class RunnersProjection implements Projection {
  readonly name = 'runners';
  private readonly compactor = new RunnerViewCompactor();
  // Hydration files each runner under its token digest as it comes: a model loaded while the
  // service serves (a swap, in turns) then needs no pass over every runner afterwards.
  private readonly runners = new CompactingCollection(this.compactor, (view) => this.idByTokenDigest.set(view.tokenDigest, view.id));
  private readonly meta = new DocumentCollection<RunnersMeta>('meta');
  readonly collections = [this.runners, this.meta] as DocumentCollection<unknown>[];

  private idByTokenDigest = new Map<string, number>();
  private readonly changeListeners: ((runnerId: number) => void)[] = [];
  private readonly viewListeners: RunnerViewListener[] = [];
  private readonly preparers: ReplacementPreparer[] = [];
  private applying: RecordedEvent | undefined;
  /** Every runner view in id order, kept current in place: lists read it on every request. */
  private sorted: RunnerView[] | null = null;

  get(id: number): RunnerView | undefined {
    return this.runners.get(id);
  }

  getByTokenDigest(digest: string): RunnerView | undefined {
    const id = this.idByTokenDigest.get(digest);
    return id === undefined ? undefined : this.runners.get(id);
  }

  /** Every runner in ascending id order. The array is shared: do not mutate it. */
  all(): readonly RunnerView[] {
    this.sorted ??= [...this.runners.values()].sort((a, b) => a.id - b.id);
    return this.sorted;
  }

  /** Runner ids are never reused, so deleted runners still count here. */
  get highestRunnerId(): number {
    return this.meta.get('ids')?.highestRunnerId ?? 0;
  }

  /** Managers numbered so far (manager ids are never reused either). */
  get highestManagerId(): number {
    return this.meta.get('ids')?.highestManagerId ?? 0;
  }

  private nextManagerId(): number {
    const ids = this.meta.get('ids') ?? { highestRunnerId: 0 };
    const id = (ids.highestManagerId ?? 0) + 1;
    this.meta.set('ids', { ...ids, highestManagerId: id });
    return id;
  }

  /**
   * Called with a runner's id whenever its view changes, appears or goes (e.g. to reschedule status
   * checks); not when every view may have changed at once (see onRunnerViewChanged).
   */
  onRunnerChanged(listener: (runnerId: number) => void): void {
    this.changeListeners.push(listener);
  }

  /**
   * Called with a runner's view before and after each change (undefined: absent), and with
   * neither when every view may have changed at once (hydration, a swapped generation, which names
   * the instance it took over as `replacedBy`): indexes kept beside the projection update from the
   * difference, or rebuild from all() (or adopt what they prepared from `replacedBy`).
   */
  onRunnerViewChanged(listener: RunnerViewListener): void {
    this.viewListeners.push(listener);
  }

  /** Called with a replacement before it is swapped in (see Projection.prepareReplacement). */
  onPrepareReplacement(preparer: ReplacementPreparer): void {
    this.preparers.push(preparer);
  }

  async prepareReplacement(other: Projection): Promise<void> {
    if (!(other instanceof RunnersProjection)) throw new TypeError(`runners cannot take over ${other.name}`);
    await other.sortInSlices();
    for (const prepare of this.preparers) await prepare(other);
  }

  /**
   * all()'s order, computed giving the event loop back every few milliseconds, for a model loaded
   * while the service serves: sorting a million views in one go held it for a few hundred ms. Ids
   * are dense integers, so each view is put at its id and the holes are left out. The model must
   * not change meanwhile.
   */
  async sortInSlices(slices = new LoopSlices()): Promise<void> {
    if (this.sorted) return;
    const byId = new Array<RunnerView | undefined>(this.highestRunnerId + 1);
    for (const view of this.runners.values()) {
      byId[view.id] = view;
      if (slices.due()) await slices.handBack();
    }
    const sorted: RunnerView[] = [];
    for (const view of byId) {
      if (view) sorted.push(view);
      if (slices.due()) await slices.handBack();
    }
    this.sorted ??= sorted;
  }

  get count(): number {
    return this.runners.size;
  }

  /** The event being applied (or last applied): change listeners read it to know which change they are told of. */
  get lastEvent(): RecordedEvent | undefined {
    return this.applying;
  }

  afterHydrate(): void {
    // Digests are unique, so the index is complete when it has one entry per runner; runners set
    // rather than hydrated (a replay's merged shards) are filed here.
    if (this.idByTokenDigest.size !== this.runners.size) {
      this.idByTokenDigest.clear();
      for (const runner of this.runners.values()) this.idByTokenDigest.set(runner.tokenDigest, runner.id);
    }
    this.sorted = null;
    this.rebuilt();
  }

  replaceWith(other: Projection): void {
    if (!(other instanceof RunnersProjection)) throw new TypeError(`runners cannot take over ${other.name}`);
    this.runners.replaceWith(other.runners);
    this.meta.replaceWith(other.meta);
    this.idByTokenDigest = other.idByTokenDigest;
    this.sorted = other.sorted;
    // Any runner may have changed: told once, not runner by runner (a million calls held the
    // service at the swap); listeners look at every runner again in their own time.
    this.rebuilt(other);
  }

  apply(recorded: RecordedEvent): void {
    this.applying = recorded;
    if (!recorded.streamId.startsWith(RUNNER_STREAM_PREFIX) || !isRunnerEventType(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as RunnerEvent;
    if (event.type === 'RunnerRegistered' || event.type === 'RunnerCreated') return this.register(this.compactor.compact(registeredRunnerView(event)));

    const runner = this.runners.get(event.data.runnerId);
    if (!runner) return;
    const next = evolveRunnerView(runner, event, () => this.nextManagerId());
    if (next === runner) return;
    if (next === null) return this.remove(runner);
    if (next.tokenDigest !== runner.tokenDigest) {
      this.idByTokenDigest.delete(runner.tokenDigest);
      this.idByTokenDigest.set(next.tokenDigest, next.id);
    }
    this.replace(next);
  }

  private register(view: RunnerView): void {
    // Re-applying an event must not duplicate anything (documents may be ahead of their checkpoint).
    if (this.runners.get(view.id)) return this.replace(view);
    this.runners.set(view.id, view);
    this.idByTokenDigest.set(view.tokenDigest, view.id);
    // Ids mostly arrive in order, so this is usually an append.
    this.sorted?.splice(this.indexOf(view.id), 0, view);
    this.changed(view.id, undefined, view);
    if (view.id > this.highestRunnerId) this.meta.set('ids', { ...this.meta.get('ids'), highestRunnerId: view.id });
  }

  private remove(runner: RunnerView): void {
    this.idByTokenDigest.delete(runner.tokenDigest);
    this.runners.delete(runner.id);
    this.sorted?.splice(this.indexOf(runner.id), 1);
    this.changed(runner.id, runner, undefined);
  }

  private replace(view: RunnerView): void {
    const before = this.runners.get(view.id);
    this.runners.set(view.id, view);
    if (this.sorted) this.sorted[this.indexOf(view.id)] = view;
    this.changed(view.id, before, view);
  }

  private changed(runnerId: number, before?: RunnerView, after?: RunnerView): void {
    for (const listener of this.changeListeners) listener(runnerId);
    if (before || after) for (const listener of this.viewListeners) listener(before, after);
  }

  private rebuilt(replacedBy?: RunnersProjection): void {
    for (const listener of this.viewListeners) listener(undefined, undefined, replacedBy);
  }

  /** Where `id` is, or would be inserted, in the sorted array (binary search). */
  private indexOf(id: number): number {
    return lowerBoundBy(this.sorted!, id, byId);
  }
}

/** Runner documents compacted as each is loaded, so the decoded copy dies young instead of doubling the old generation. */
class CompactingCollection extends DocumentCollection<RunnerView> {
  constructor(
    private readonly compactor: RunnerViewCompactor,
    private readonly hydrated: (view: RunnerView) => void,
  ) {
    super('runners');
  }

  override hydrate(id: string, doc: RunnerView): void {
    const view = this.compactor.compact(doc);
    super.hydrate(id, view);
    this.hydrated(view);
  }
}
