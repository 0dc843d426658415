import { Injectable } from '@nestjs/common';
import type { RoaringBitmap32 } from 'roaring';
import type { RunnerMembership } from '@app/domain';
import type { PageSource } from '@app/http';
import { RunnersProjection, type RunnerView } from '@app/projections';
import { seekKeysetPage, type KeysetSeek, type KeysetSlice } from './id-keyset';
import { RunnerIndex } from './indexes/runner-index';
import type { RunnerFilters } from './runner-filters';

/** Filtered runner lists in ascending id order, with status evaluated at one instant for the whole list. */
@Injectable()
export class RunnerQueryService {
  constructor(
    private readonly runners: RunnersProjection,
    private readonly index: RunnerIndex,
  ) {}

  /** Wait for this before listing, when it is a promise: a search asked for the first time tests the fleet in turns (RunnerIndex.searchReady). */
  ready(filters: RunnerFilters): Promise<void> | undefined {
    return this.index.searchReady(filters);
  }

  /** Every matching runner (offset pages count it and read one slice). */
  list(filters: RunnerFilters, membership?: RunnerMembership): readonly RunnerView[] | PageSource<RunnerView> {
    const ids = this.index.select(filters, membership);
    if (!ids) return this.runners.all();
    return {
      countUpTo: (limit: number) => Math.min(ids.size, limit),
      slice: (offset: number, limit: number) => this.views(ids.rangeUint32Array(new Uint32Array(Math.max(0, limit)), offset, limit)),
    };
  }

  /** The ids of the first `limit` matching runners by id, and how many match in all. */
  firstIds(filters: RunnerFilters, limit: number): { ids: number[]; total: number } {
    const ids = this.index.select(filters);
    if (!ids) {
      const all = this.runners.all();
      return { ids: all.slice(0, limit).map((runner) => runner.id), total: all.length };
    }
    return { ids: Array.from(ids.rangeUint32Array(new Uint32Array(Math.min(limit, ids.size)), 0, limit)), total: ids.size };
  }

  /** One keyset page: the cursor's rank in the answer says where the page starts. */
  keysetPage(filters: RunnerFilters, membership: RunnerMembership | undefined, seek: KeysetSeek): KeysetSlice<RunnerView> {
    const ids = this.index.select(filters, membership);
    if (!ids) return seekKeysetPage(this.runners.all(), seek, () => true);
    // One more than the page tells whether there is a next page (the paginator's per_page + 1).
    const wanted = seek.limit + 1;
    const page = seek.descending ? descendingFrom(ids, seek.lastId, wanted) : ascendingFrom(ids, seek.lastId, wanted);
    const items = this.views(page);
    return { items: items.slice(0, seek.limit), hasNext: items.length > seek.limit };
  }

  private views(ids: ArrayLike<number>): RunnerView[] {
    const views: RunnerView[] = [];
    for (let i = 0; i < ids.length; i++) {
      const view = this.runners.get(ids[i]);
      if (view) views.push(view);
    }
    return views;
  }
}

/** Ids above the cursor, lowest first. */
function ascendingFrom(ids: RoaringBitmap32, lastId: number | null, limit: number): Uint32Array {
  const offset = lastId === null ? 0 : ids.rank(lastId);
  return ids.rangeUint32Array(new Uint32Array(limit), offset, limit);
}

/** Ids below the cursor, highest first. */
function descendingFrom(ids: RoaringBitmap32, lastId: number | null, limit: number): number[] {
  const below = lastId === null ? ids.size : lastId <= 0 ? 0 : ids.rank(lastId - 1);
  const start = Math.max(0, below - limit);
  return Array.from(ids.rangeUint32Array(new Uint32Array(below - start), start, below - start)).reverse();
}

