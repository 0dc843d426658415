export type DocumentChange =
  | { readonly kind: 'upsert'; readonly collection: string; readonly id: string; readonly doc: unknown }
  | { readonly kind: 'delete'; readonly collection: string; readonly id: string };

/**
 * An in-memory map of query documents that remembers what changed since the last flush, so the
 * engine persists only the touched documents together with the checkpoint.
 */
export class DocumentCollection<Doc> {
  /** Keyed by number where the id is one (runner ids): no string per document, and no conversion per lookup. */
  private docs = new Map<DocumentKey, Doc>();
  private dirty = new Set<DocumentKey>();

  constructor(readonly name: string) {}

  get(id: string | number): Doc | undefined {
    return this.docs.get(keyOf(id));
  }

  set(id: string | number, doc: Doc): void {
    const key = keyOf(id);
    this.docs.set(key, doc);
    this.dirty.add(key);
  }

  delete(id: string | number): void {
    const key = keyOf(id);
    this.docs.delete(key);
    this.dirty.add(key);
  }

  values(): IterableIterator<Doc> {
    return this.docs.values();
  }

  *entries(): IterableIterator<[string, Doc]> {
    for (const [key, doc] of this.docs) yield [String(key), doc];
  }

  get size(): number {
    return this.docs.size;
  }

  /** Loads persisted documents without marking them dirty. */
  hydrate(id: string, doc: Doc): void {
    this.docs.set(keyOf(id), doc);
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
    for (const key of this.dirty) {
      const doc = this.docs.get(key);
      const id = String(key);
      changes.push(doc === undefined ? { kind: 'delete', collection: this.name, id } : { kind: 'upsert', collection: this.name, id, doc });
    }
    this.dirty.clear();
    return changes;
  }
}

type DocumentKey = string | number;

/** A canonical decimal integer ("42", not "042" or "4.2e1") becomes a number; anything else stays the string it is. */
function keyOf(id: string | number): DocumentKey {
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? id : String(id);
  const n = Number(id);
  return Number.isSafeInteger(n) && n >= 0 && String(n) === id ? n : id;
}
