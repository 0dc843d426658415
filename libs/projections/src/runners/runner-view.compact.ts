import type { RunnerManagerView, RunnerView } from './runner-view';

const EMPTY: readonly never[] = Object.freeze([]);
const MAX_POOLED = 50_000;
const MAX_POOLED_LENGTH = 128;

/**
 * One copy of each value many runners share (types, access levels, tags, descriptions, runner
 * versions and platforms), and one empty array for all: a view decoded from JSON (the query-model
 * store, an event) otherwise holds its own copy of every string, and with a million runners those
 * copies were a large part of the heap. Views are immutable, so sharing is safe. The pool is
 * bounded: past MAX_POOLED distinct values, new ones are kept as they come.
 */
export class RunnerViewCompactor {
  private readonly pool = new Map<string, string>();

  compact(view: RunnerView): RunnerView {
    return {
      ...view,
      runnerType: this.intern(view.runnerType),
      registrationType: this.intern(view.registrationType),
      name: this.intern(view.name),
      description: this.intern(view.description),
      accessLevel: this.intern(view.accessLevel),
      maintenanceNote: this.intern(view.maintenanceNote),
      tagList: view.tagList.length === 0 ? EMPTY : view.tagList.map((tag) => this.intern(tag)),
      projectIds: view.projectIds.length === 0 ? EMPTY : view.projectIds,
      creationState: this.intern(view.creationState),
      managers: this.compactManagers(view.managers),
    };
  }

  private compactManagers(managers: RunnerView['managers']): RunnerView['managers'] {
    const entries = Object.entries(managers);
    if (entries.length === 0) return managers;
    // fromEntries defines own properties, so a system_id of "__proto__" stays a manager.
    return Object.fromEntries(entries.map(([key, manager]) => [key, this.compactManager(manager)]));
  }

  private compactManager(manager: RunnerManagerView): RunnerManagerView {
    const { info } = manager;
    return {
      ...manager,
      info: {
        ...info,
        version: this.intern(info.version),
        revision: this.intern(info.revision),
        platform: this.intern(info.platform),
        architecture: this.intern(info.architecture),
        executor: this.intern(info.executor),
        gpus: this.intern(info.gpus),
      },
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
