import { useEffect, useState } from 'preact/hooks';
import { ApiError, countOf, getJson, query } from '../api';
import { STATUSES, TYPES, type HistoryPoint, type RunnerStatus, type RunnerType } from '../types';
import { runnersPath, type Viewer } from '../viewer';
import { STATUS_LABELS, TYPE_LABELS } from '../ui/format';
import { StatusChart } from '../ui/StatusChart';
import { useDebounced, useLive } from '../ui/useLive';
import { BASE } from '../router';
import { Link } from '../ui/Link';

type Counts = Record<RunnerStatus | RunnerType | 'all', number>;
type Period = '24h' | '7d';

async function loadCounts(viewer: Viewer): Promise<Counts> {
  const path = runnersPath(viewer);
  const count = (filter: Record<string, string>) => countOf(`${path}?${query({ ...filter, per_page: 1 })}`);
  const keys = ['all', ...STATUSES, ...TYPES] as const;
  const values = await Promise.all(keys.map((key) => count(key === 'all' ? {} : key.endsWith('_type') ? { type: key } : { status: key })));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as Counts;
}

export function Overview({ viewer }: { viewer: Viewer }) {
  const [counts, setCounts] = useState<Counts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [period, setPeriod] = useState<Period>('24h');
  const [history, setHistory] = useState<HistoryPoint[] | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const mayReadHistory = viewer.admin || viewer.auditor;

  const refreshCounts = () => loadCounts(viewer).then(setCounts, (e) => setError(e instanceof ApiError ? e.message : String(e)));
  const refreshHistory = () => {
    if (!mayReadHistory) return;
    getJson<{ points: HistoryPoint[] }>(`/api/v4/runners/status_history?period=${period}`).then(
      (body) => { setHistory(body.points); setHistoryError(null); },
      (e) => setHistoryError(e instanceof ApiError ? e.message : String(e)),
    );
  };
  useEffect(() => void refreshCounts(), []);
  useEffect(refreshHistory, [period]);

  // Counts follow every change at once; the chart's buckets are coarse, so it is refetched less eagerly.
  const countsSoon = useDebounced(() => void refreshCounts(), 250);
  const historySoon = useDebounced(refreshHistory, 2000);
  useLive(() => { countsSoon(); historySoon(); });

  return (
    <>
      <h1>Fleet overview</h1>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <section aria-labelledby="by-status">
        <h2 id="by-status">Runners by status</h2>
        <ul class="cards">
          <Card label="All" value={counts?.all} href={BASE} testId="count-all" />
          {STATUSES.map((s) => (
            <Card key={s} label={STATUS_LABELS[s]} value={counts?.[s]} href={`${BASE}?status=${s}`} testId={`count-${s}`} tone={s} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="by-type">
        <h2 id="by-type">Runners by type</h2>
        <ul class="cards">
          {TYPES.map((t) => (
            <Card key={t} label={TYPE_LABELS[t]} value={counts?.[t]} href={`${BASE}?type=${t}`} testId={`count-${t}`} />
          ))}
        </ul>
      </section>
      {mayReadHistory ? (
        <section aria-labelledby="over-time">
          <div class="section-head">
            <h2 id="over-time">Status over the last {period === '24h' ? '24 hours' : '7 days'}</h2>
            <div role="group" aria-label="Period" class="toggle">
              {(['24h', '7d'] as const).map((p) => (
                <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>{p === '24h' ? '24 hours' : '7 days'}</button>
              ))}
            </div>
          </div>
          {historyError ? <p class="error" role="alert">Status history: {historyError}</p> : null}
          {history ? <StatusChart points={history} label={`Runner counts by status over the last ${period}`} /> : <p role="status">Loading the chart…</p>}
        </section>
      ) : null}
    </>
  );
}

function Card({ label, value, href, testId, tone }: { label: string; value: number | undefined; href: string; testId: string; tone?: string }) {
  return (
    <li class={`card ${tone ? `tone-${tone}` : ''}`}>
      <Link href={href}>
        <span class="card-label">{label}</span>
        <span class="card-value" data-testid={testId}>{value === undefined ? '…' : value.toLocaleString('en')}</span>
      </Link>
    </li>
  );
}
