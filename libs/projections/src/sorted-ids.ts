/**
 * Ascending id arrays kept sorted in place, and binary search over them. Job ids mostly arrive in increasing order, so
 * inserting is usually an append; the binary search keeps late arrivals cheap too.
 */
export function insertSorted(ids: number[], id: number): void {
  const at = lowerBound(ids, id);
  if (ids[at] !== id) ids.splice(at, 0, id);
}

export function removeSorted(ids: number[], id: number): void {
  const at = lowerBound(ids, id);
  if (ids[at] === id) ids.splice(at, 1);
}

/** The index of the first element >= id (ids.length when there is none). */
export const lowerBound = (ids: readonly number[], id: number): number => lowerBoundBy(ids, id, (x) => x);

/** The same over items kept in ascending order of `keyOf` (runners by id). */
export function lowerBoundBy<T>(sorted: readonly T[], key: number, keyOf: (item: T) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyOf(sorted[mid]) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}
