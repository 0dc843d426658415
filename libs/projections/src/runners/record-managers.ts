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
    return new RecordManagers({ ...this.record, [systemId]: manager });
  }

  /** As the decider's PersistentMap shows itself: the managers by system_id. */
  toJSON(): Readonly<Record<string, V>> {
    return this.record;
  }

  delete(systemId: string): RecordManagers<V> {
    if (!this.has(systemId)) return this;
    const { [systemId]: _deleted, ...rest } = this.record;
    return new RecordManagers(rest);
  }
}
