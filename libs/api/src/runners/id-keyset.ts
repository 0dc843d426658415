import { lowerBoundBy } from '@app/projections/sorted-ids';

/**
 * One keyset page over rows kept in ascending id order: a binary search finds where the cursor
 * points, then the walk reads only up to one row past the page (plus the rows the filters skip),
 * so a page deep into the list costs what the first one does. The cursor's id need not be in
 * the list any more (a runner deleted between two pages): the search lands where it would be.
 */
export interface KeysetSeek {
  /** The id of the last row served (the cursor), or null for the first page. */
  readonly lastId: number | null;
  readonly descending: boolean;
  readonly limit: number;
}

export interface KeysetSlice<T> {
  readonly items: T[];
  readonly hasNext: boolean;
}

export function seekKeysetPage<T extends { readonly id: number }>(
  sorted: readonly T[],
  seek: KeysetSeek,
  matches: (row: T) => boolean,
): KeysetSlice<T> {
  const picked: T[] = [];
  const step = seek.descending ? -1 : 1;
  // One more than the page tells whether there is a next page (the paginator's per_page + 1).
  for (let i = startIndex(sorted, seek); i >= 0 && i < sorted.length && picked.length <= seek.limit; i += step) {
    if (matches(sorted[i])) picked.push(sorted[i]);
  }
  return { items: picked.slice(0, seek.limit), hasNext: picked.length > seek.limit };
}

/** Ascending: the first id above the cursor. Descending: the last id below it. */
function startIndex(sorted: readonly { readonly id: number }[], seek: KeysetSeek): number {
  if (seek.lastId === null) return seek.descending ? sorted.length - 1 : 0;
  return seek.descending ? firstIndexWithIdAtLeast(sorted, seek.lastId) - 1 : firstIndexWithIdAtLeast(sorted, seek.lastId + 1);
}

const firstIndexWithIdAtLeast = (sorted: readonly { readonly id: number }[], id: number): number => lowerBoundBy(sorted, id, (item) => item.id);
