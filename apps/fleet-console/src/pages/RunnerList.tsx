import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getPage } from '../api';
import type { Runner } from '../types';
import { runnersPath, type Viewer } from '../viewer';
import { BASE, navigate } from '../router';
import { markPainted } from '../perf';
import { useLive } from '../ui/useLive';
import { ListFiltersForm } from './ListFiltersForm';
import { BulkActions } from './BulkActions';
import { RunnerRows } from './RunnerRows';
import { consoleSearch, filtersOf, firstPageUrl, stillMatches, type ListFilters } from './list-filters';

const PER_PAGE = 50;

export function RunnerList({ viewer, search }: { viewer: Viewer; search: URLSearchParams }) {
  const filters = filtersOf(search);
  const filterKey = consoleSearch(filters);
  // Keyset pages: the URLs of the pages seen so far, so Previous goes back without offsets.
  const [pages, setPages] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [rows, setRows] = useState<Runner[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [changed, setChanged] = useState<Map<number, number>>(new Map());
  const loadSeq = useRef(0);

  const load = async (url: string, stack: string[]) => {
    const seq = ++loadSeq.current;
    try {
      const page = await getPage<Runner>(url);
      if (seq !== loadSeq.current) return; // a newer filter won
      setRows(page.items);
      setNext(page.next);
      setPages(stack);
      setSelected(new Set());
      setError(null);
      markPainted('console:list-painted', { filters: filterKey, count: page.items.length });
    } catch (e) {
      if (seq === loadSeq.current) setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const reload = () => void load(pages[pages.length - 1] ?? firstPageUrl(runnersPath(viewer), filters, PER_PAGE), pages.length ? pages : [firstPageUrl(runnersPath(viewer), filters, PER_PAGE)]);

  useEffect(() => {
    const first = firstPageUrl(runnersPath(viewer), filters, PER_PAGE);
    void load(first, [first]);
  }, [filterKey]);

  useLive((event) => {
    if (event.kind === 'reset') return reload();
    if (event.kind === 'runner_deleted') return setRows((current) => current && current.filter((r) => r.id !== event.id));
    const id = event.runner.id;
    setRows((current) => {
      if (!current || !current.some((r) => r.id === id)) return current;
      return current.map((r) => (r.id === id ? { ...r, ...event.runner } : r));
    });
    setChanged((current) => new Map(current).set(id, Date.now()));
    markPainted('console:row-updated', { id, status: event.runner.status, paused: event.runner.paused });
  });

  const setFilters = (update: Partial<ListFilters>) => {
    const search = consoleSearch({ ...filters, ...update });
    navigate(search ? `${BASE}?${search}` : BASE);
  };

  return (
    <>
      <h1>Runners</h1>
      <ListFiltersForm filters={filters} onChange={setFilters} />
      {error ? <p class="error" role="alert">{error}</p> : null}
      {viewer.canWrite ? <BulkActions viewer={viewer} rows={rows ?? []} selected={selected} onDone={reload} /> : null}
      {rows === null ? (
        <p role="status">Loading runners…</p>
      ) : (
        <RunnerRows
          rows={rows}
          viewer={viewer}
          selected={selected}
          onSelect={setSelected}
          changed={changed}
          outOfFilter={(runner) => !stillMatches(runner, filters)}
          onChanged={reload}
        />
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" class="secondary" disabled={pages.length < 2} onClick={() => void load(pages[pages.length - 2], pages.slice(0, -1))}>
          Previous page
        </button>
        <span aria-live="polite">Page {Math.max(1, pages.length)}</span>
        <button type="button" class="secondary" disabled={!next} onClick={() => next && void load(next, [...pages, next])}>
          Next page
        </button>
      </nav>
    </>
  );
}
