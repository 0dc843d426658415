import { useEffect, useState } from 'preact/hooks';
import { STATUSES, TYPES } from '../types';
import { STATUS_LABELS, TYPE_LABELS } from '../ui/format';
import type { ListFilters } from './list-filters';

/** GitLab's filters (lib/api/ci/runners.rb `filter_runners`): status, type, paused, tags; a description search; the keyset order. */
export function ListFiltersForm({ filters, onChange }: { filters: ListFilters; onChange: (update: Partial<ListFilters>) => void }) {
  const [tags, setTags] = useState(filters.tag_list);
  const [search, setSearch] = useState(filters.search);
  useEffect(() => setTags(filters.tag_list), [filters.tag_list]);
  useEffect(() => setSearch(filters.search), [filters.search]);
  return (
    <form class="filters" role="search" aria-label="Filter runners" onSubmit={(e) => { e.preventDefault(); onChange({ tag_list: tags, search }); }}>
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" value={filters.status} onChange={(e) => onChange({ status: e.currentTarget.value })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
        </select>
      </div>
      <div>
        <label for="f-type">Type</label>
        <select id="f-type" value={filters.type} onChange={(e) => onChange({ type: e.currentTarget.value })}>
          <option value="">Any type</option>
          {TYPES.map((t) => <option key={t} value={t}>{TYPE_LABELS[t]}</option>)}
        </select>
      </div>
      <div>
        <label for="f-paused">Paused</label>
        <select id="f-paused" value={filters.paused} onChange={(e) => onChange({ paused: e.currentTarget.value })}>
          <option value="">Paused or not</option>
          <option value="true">Paused</option>
          <option value="false">Not paused</option>
        </select>
      </div>
      <div>
        <label for="f-search">Description contains</label>
        <input id="f-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </div>
      <div>
        <label for="f-tags">Tags (comma separated)</label>
        <input id="f-tags" type="text" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
      </div>
      <div>
        <label for="f-sort">Order</label>
        <select id="f-sort" value={filters.sort} onChange={(e) => onChange({ sort: e.currentTarget.value as ListFilters['sort'] })}>
          <option value="desc">Newest first</option>
          <option value="asc">Oldest first</option>
        </select>
      </div>
      <button type="submit">Apply</button>
    </form>
  );
}
