import { RoaringBitmap32 } from 'roaring';

/** Runner ids by key (a tag, a version, a project…), one compressed bitmap per key; empty bitmaps go. */
export class KeyedBitmaps<K> {
  private readonly bitmaps = new Map<K, RoaringBitmap32>();

  get(key: K): RoaringBitmap32 | undefined {
    return this.bitmaps.get(key);
  }

  keys(): IterableIterator<K> {
    return this.bitmaps.keys();
  }

  add(key: K, id: number): void {
    let bitmap = this.bitmaps.get(key);
    if (!bitmap) this.bitmaps.set(key, (bitmap = new RoaringBitmap32()));
    bitmap.add(id);
  }

  delete(key: K, id: number): void {
    const bitmap = this.bitmaps.get(key);
    if (!bitmap) return;
    bitmap.delete(id);
    if (bitmap.isEmpty) this.bitmaps.delete(key);
  }

  /** Moves `id` from the keys it had to the keys it has now, touching only the difference. */
  move(id: number, before: Iterable<K>, after: Iterable<K>): void {
    const next = new Set(after);
    for (const key of new Set(before)) if (!next.delete(key)) this.delete(key, id);
    for (const key of next) this.add(key, id);
  }

  clear(): void {
    this.bitmaps.clear();
  }
}
