export type DocumentChange =
  | { readonly kind: 'upsert'; readonly collection: string; readonly id: string; readonly doc: unknown }
  | { readonly kind: 'delete'; readonly collection: string; readonly id: string };

/**
 * An in-memory map of query documents that remembers what changed since the last flush, so the
 * engine persists only the touched documents together with the checkpoint.
 */
export class DocumentCollection<Doc> {
  private docs = new Map<string, Doc>();
  private dirty = new Set<string>();

  constructor(readonly name: string) {}

  get(id: string | number): Doc | undefined {
    return this.docs.get(String(id));
  }

  set(id: string | number, doc: Doc): void {
    this.docs.set(String(id), doc);
    this.dirty.add(String(id));
  }

  delete(id: string | number): void {
    this.docs.delete(String(id));
    this.dirty.add(String(id));
  }

  values(): IterableIterator<Doc> {
    return this.docs.values();
  }

  entries(): IterableIterator<[string, Doc]> {
    return this.docs.entries();
  }

  get size(): number {
    return this.docs.size;
  }

  /** Loads persisted documents without marking them dirty. */
  hydrate(id: string, doc: Doc): void {
    this.docs.set(id, doc);
  }

  clear(): void {
    for (const id of this.docs.keys()) this.dirty.add(id);
    this.docs.clear();
  }

  /**
   * Takes over another collection's documents and unsaved changes, in O(1): a query model swapped
   * in (see ProjectionEngine.replaceProjection) changes in one step, never document by document.
   * `other` must not be used afterwards.
   */
  replaceWith(other: DocumentCollection<Doc>): void {
    if (other.name !== this.name) throw new Error(`cannot replace collection ${this.name} with ${other.name}`);
    this.docs = other.docs;
    this.dirty = other.dirty;
  }

  takeChanges(): DocumentChange[] {
    const changes: DocumentChange[] = [];
    for (const id of this.dirty) {
      const doc = this.docs.get(id);
      changes.push(doc === undefined ? { kind: 'delete', collection: this.name, id } : { kind: 'upsert', collection: this.name, id, doc });
    }
    this.dirty.clear();
    return changes;
  }
}
