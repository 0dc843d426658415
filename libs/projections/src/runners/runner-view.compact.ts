import type { RunnerView } from './runner-view';

const EMPTY: readonly never[] = Object.freeze([]);
const MAX_POOLED = 50_000;
const MAX_POOLED_LENGTH = 128;

/**
 * One copy of each value many runners share (types, access levels, tags, descriptions), and one
 * empty array for all: a view decoded from JSON (the query-model
 * store, an event) otherwise holds its own copy of every string, and with a million runners those
 * copies were a large part of the heap. Views are immutable, so sharing is safe. The pool is
 * bounded: past MAX_POOLED distinct values, new ones are kept as they come.
 */
export class RunnerViewCompactor {
  private readonly pool = new Map<string, string>();

  /**
   * A flat literal in the fold's field order (viewOf in runner-view.fold.ts), never a spread with
   * overrides: that made V8 keep every compacted view in dictionary mode, and every read of one
   * (each request, each collection) several times slower.
   */
  compact(view: RunnerView): RunnerView {
    return {
      id: view.id,
      runnerType: this.intern(view.runnerType),
      registrationType: this.intern(view.registrationType),
      groupId: view.groupId,
      ownerProjectId: view.ownerProjectId,
      projectIds: view.projectIds.length === 0 ? EMPTY : view.projectIds,
      name: this.intern(view.name),
      description: this.intern(view.description),
      paused: view.paused,
      locked: view.locked,
      runUntagged: view.runUntagged,
      accessLevel: this.intern(view.accessLevel),
      maximumTimeout: view.maximumTimeout,
      maintenanceNote: this.intern(view.maintenanceNote),
      tagList: view.tagList.length === 0 ? EMPTY : view.tagList.map((tag) => this.intern(tag)),
      tokenDigest: view.tokenDigest,
      tokenExpiresAt: view.tokenExpiresAt,
      creationState: this.intern(view.creationState),
      creatorId: view.creatorId,
      createdAt: view.createdAt,
      updatedAt: view.updatedAt,
      ...(view.queueTicks ? { queueTicks: view.queueTicks } : {}),
      contactedAt: view.contactedAt,
      // Managers are kept as decoded: rebuilding them here (a fresh record per runner) made every later
      // read of a runner several times slower on a large fleet (measured; the cause is V8's), for little memory.
      managers: view.managers,
      offlineRecorded: view.offlineRecorded,
      staleRecorded: view.staleRecorded,
    };
  }

  private intern<T extends string | null>(value: T): T {
    if (value === null || value.length > MAX_POOLED_LENGTH) return value;
    const pooled = this.pool.get(value);
    if (pooled !== undefined) return pooled as T;
    if (this.pool.size < MAX_POOLED) this.pool.set(value, value);
    return value;
  }
}
