import { seekKeysetPage, type KeysetSeek, type KeysetSlice } from './id-keyset';

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const everything = () => true;
const idsOf = (slice: { items: { id: number }[] }) => slice.items.map((row) => row.id);

/** Follows the pages as a client follows rel="next", the cursor being the last id served. */
function walk(sorted: { id: number }[], descending: boolean, limit: number, matches: (row: { id: number }) => boolean = everything): number[][] {
  const pages: number[][] = [];
  let seek: KeysetSeek | null = { lastId: null, descending, limit };
  while (seek) {
    const slice: KeysetSlice<{ id: number }> = seekKeysetPage(sorted, seek, matches);
    pages.push(idsOf(slice));
    seek = slice.hasNext ? { ...seek, lastId: slice.items[slice.items.length - 1].id } : null;
  }
  return pages;
}

describe('seekKeysetPage', () => {
  const fleet = rows(2, 3, 5, 8, 13, 21, 34);

  it('ascending pages cover the list once, in id order; the last page has no next', () => {
    expect(walk(fleet, false, 3)).toEqual([[2, 3, 5], [8, 13, 21], [34]]);
    expect(walk(fleet, false, 7)).toEqual([[2, 3, 5, 8, 13, 21, 34]]);
  });

  it('descending pages cover it in reverse', () => {
    expect(walk(fleet, true, 3)).toEqual([[34, 21, 13], [8, 5, 3], [2]]);
  });

  it('a page that ends exactly at the end of the list says there is no next', () => {
    expect(walk(fleet, false, 7).length).toBe(1);
    expect(seekKeysetPage(fleet, { lastId: 13, descending: false, limit: 2 }, everything)).toEqual({ items: rows(21, 34), hasNext: false });
  });

  it('starts right after a cursor id that is no longer in the list (deleted between pages)', () => {
    expect(idsOf(seekKeysetPage(fleet, { lastId: 6, descending: false, limit: 2 }, everything))).toEqual([8, 13]);
    expect(idsOf(seekKeysetPage(fleet, { lastId: 6, descending: true, limit: 2 }, everything))).toEqual([5, 3]);
  });

  it('cursors beyond either end give an empty last page', () => {
    expect(seekKeysetPage(fleet, { lastId: 99, descending: false, limit: 2 }, everything)).toEqual({ items: [], hasNext: false });
    expect(seekKeysetPage(fleet, { lastId: 1, descending: true, limit: 2 }, everything)).toEqual({ items: [], hasNext: false });
    expect(idsOf(seekKeysetPage(fleet, { lastId: 1, descending: false, limit: 2 }, everything))).toEqual([2, 3]);
  });

  it('filters apply while walking; a next page is only announced when a further row matches', () => {
    const odd = (row: { id: number }) => row.id % 2 === 1;
    expect(walk(fleet, false, 2, odd)).toEqual([[3, 5], [13, 21]]);
    expect(walk(fleet, true, 2, odd)).toEqual([[21, 13], [5, 3]]);
  });

  it('an empty list is one empty page', () => {
    expect(walk([], true, 20)).toEqual([[]]);
  });

  it('reads from the cursor, not from the start of the list', () => {
    const big = rows(...Array.from({ length: 10_000 }, (_, i) => i + 1));
    const visited: number[] = [];
    const slice = seekKeysetPage(big, { lastId: 9_000, descending: false, limit: 3 }, (row) => (visited.push(row.id), true));
    expect(idsOf(slice)).toEqual([9_001, 9_002, 9_003]);
    expect(visited).toEqual([9_001, 9_002, 9_003, 9_004]);
  });
});
