import { ownEntry, type ManagerMap } from '@app/domain';

/**
 * The runners query model's managers (a plain record, as its documents store them) behind the
 * interface the decider's evolve folds through. Each change copies the record once, as the read
 * model always did; the decider's own states use a persistent map instead (see RunnerManagers).
 * Keys are own properties only, so a system_id like `__proto__` is an ordinary manager.
 */
export class RecordManagers<V> implements ManagerMap<V> {
  constructor(readonly record: Readonly<Record<string, V>>) {}

  get size(): number {
    return Object.keys(this.record).length;
  }

  get(systemId: string): V | undefined {
    return ownEntry(this.record, systemId);
  }

  has(systemId: string): boolean {
    return ownEntry(this.record, systemId) !== undefined;
  }

  set(systemId: string, manager: V): RecordManagers<V> {
    return new RecordManagers(withEntry(this.record, systemId, manager));
  }

  /** As the decider's PersistentMap shows itself: the managers by system_id. */
  toJSON(): Readonly<Record<string, V>> {
    return this.record;
  }

  delete(systemId: string): RecordManagers<V> {
    if (!this.has(systemId)) return this;
    return new RecordManagers(withEntry(this.record, systemId, undefined));
  }
}

/**
 * A copy of a managers record with one entry set (or removed, for `undefined`), as an object
 * without a prototype. Its keys are system_ids, chosen by clients and nearly all distinct: a copy
 * made by a spread gets a hidden class of its own from V8 for each new key, and folding a log with
 * 500,000 of them spent 15 % of its time in that copy and the garbage it made (an object without a
 * prototype is a plain hash table from the start). `__proto__` is an ordinary key here.
 */
export function withEntry<V>(record: Readonly<Record<string, V>>, key: string, value: V | undefined): Record<string, V> {
  const copy = Object.create(null) as Record<string, V>;
  // An entry set keeps its place, as in a spread: stored documents and listings keep their order.
  for (const existing of Object.keys(record)) if (value !== undefined || existing !== key) copy[existing] = record[existing];
  if (value !== undefined) copy[key] = value;
  return copy;
}
