import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, send } from '../api';
import type { AuditEntry, Job, Manager, Runner } from '../types';
import { mayDelete, type Viewer } from '../viewer';
import { BASE, navigate } from '../router';
import { useDebounced, useLive } from '../ui/useLive';
import { StatusBadge } from '../ui/StatusBadge';
import { Details } from '../runner/Details';
import { Managers } from '../runner/Managers';
import { Projects } from '../runner/Projects';
import { Jobs } from '../runner/Jobs';
import { Timeline } from '../runner/Timeline';
import { ResetToken } from '../runner/ResetToken';
import { markPainted } from '../perf';

const describe = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export function RunnerPage({ viewer, id }: { viewer: Viewer; id: number }) {
  const [runner, setRunner] = useState<Runner | null>(null);
  const [deleted, setDeleted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [managers, setManagers] = useState<Manager[] | null>(null);
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [history, setHistory] = useState<AuditEntry[] | null>(null);
  const [confirming, setConfirming] = useState(false);

  const path = `/api/v4/runners/${id}`;
  const loadRunner = () => getJson<Runner>(path).then(setRunner, (e) => setError(describe(e)));
  const loadRest = () => {
    getJson<Manager[]>(`${path}/managers`).then(setManagers, () => setManagers([]));
    getJson<Job[]>(`${path}/jobs?per_page=20`).then(setJobs, () => setJobs([]));
    getJson<AuditEntry[]>(`${path}/history?per_page=100`).then(setHistory, () => setHistory([]));
  };
  const reload = () => { void loadRunner(); loadRest(); };
  useEffect(reload, [id]);
  useEffect(() => { if (runner) markPainted('console:runner-painted', { id }); }, [runner !== null]);

  const restSoon = useDebounced(loadRest, 300);
  useLive((event) => {
    if (event.kind === 'reset') return reload();
    if (event.kind === 'runner_deleted' && event.id === id) return setDeleted(true);
    if (event.kind === 'runner' && event.runner.id === id) {
      setRunner((current) => ({ ...(current ?? {}), ...event.runner }));
      restSoon();
    }
  });

  if (error) return <><h1>Runner #{id}</h1><p class="error" role="alert">{error}</p></>;
  if (!runner) return <p role="status">Loading runner #{id}…</p>;

  const deletable = mayDelete(viewer, runner.projects?.length ?? 0);
  return (
    <>
      <p class="breadcrumb"><a href={BASE} onClick={(e) => { e.preventDefault(); navigate(BASE); }}>Runners</a> / #{id}</p>
      <div class="title">
        <h1>
          Runner #{id} {runner.description ? <span class="subtitle">{runner.description}</span> : null}
        </h1>
        <StatusBadge status={runner.status} paused={runner.paused} />
      </div>
      {deleted ? <p class="error" role="alert">This runner has been deleted.</p> : null}
      {viewer.canWrite && !deleted ? (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => void send('PUT', path, { paused: !runner.paused }).then(reload, (e) => setError(describe(e)))}>
            {runner.paused ? 'Resume' : 'Pause'}
          </button>
          {deletable ? (
            confirming ? (
              <span class="confirm">
                Delete runner #{id} for good?
                <button type="button" class="danger" onClick={() => void send('DELETE', path).then(() => navigate(BASE), (e) => setError(describe(e)))}>Confirm delete</button>
                <button type="button" class="secondary" onClick={() => setConfirming(false)}>Cancel</button>
              </span>
            ) : (
              <button type="button" class="danger" onClick={() => setConfirming(true)}>Delete runner</button>
            )
          ) : null}
        </div>
      ) : null}
      <div class="grid">
        <section aria-labelledby="details"><h2 id="details">Details</h2><Details runner={runner} editable={viewer.canWrite && !deleted} onSaved={reload} /></section>
        <section aria-labelledby="managers"><h2 id="managers">Managers</h2><Managers managers={managers} /></section>
        {runner.runner_type === 'project_type' ? (
          <section aria-labelledby="projects"><h2 id="projects">Assigned projects</h2><Projects runner={runner} editable={viewer.canWrite && !deleted} onChanged={reload} /></section>
        ) : null}
        {viewer.canWrite && !deleted ? (
          <section aria-labelledby="token"><h2 id="token">Authentication token</h2><ResetToken id={id} onReset={loadRest} /></section>
        ) : null}
        <section aria-labelledby="jobs" class="wide"><h2 id="jobs">Jobs</h2><Jobs jobs={jobs} /></section>
        <section aria-labelledby="timeline" class="wide"><h2 id="timeline">Audit timeline</h2>{history ? <Timeline entries={history} /> : <p role="status">Loading…</p>}</section>
      </div>
    </>
  );
}
