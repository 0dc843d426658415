import { useState } from 'preact/hooks';
import { ApiError, send } from '../api';
import type { Runner } from '../types';
import type { Viewer } from '../viewer';
import { BASE } from '../router';
import { Link } from '../ui/Link';
import { StatusBadge } from '../ui/StatusBadge';
import { TYPE_LABELS } from '../ui/format';

interface Props {
  rows: Runner[];
  viewer: Viewer;
  selected: Set<number>;
  onSelect: (selected: Set<number>) => void;
  /** When each runner last changed on the live stream (its row is highlighted for a moment). */
  changed: Map<number, number>;
  outOfFilter: (runner: Runner) => boolean;
  onChanged: () => void;
}

export function RunnerRows({ rows, viewer, selected, onSelect, changed, outOfFilter, onChanged }: Props) {
  const [error, setError] = useState<string | null>(null);
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    onSelect(next);
  };
  const setPaused = async (runner: Runner, paused: boolean) => {
    try {
      await send('PUT', `/api/v4/runners/${runner.id}`, { paused });
      setError(null);
    } catch (e) {
      setError(`#${runner.id}: ${e instanceof ApiError ? e.message : String(e)}`);
    }
    onChanged();
  };
  if (rows.length === 0) return <p class="empty">No runners match these filters.</p>;
  return (
    <>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <table class="runners">
        <caption class="visually-hidden">Runners, live</caption>
        <thead>
          <tr>
            {viewer.canWrite ? (
              <th scope="col">
                <input type="checkbox" aria-label="Select all runners on this page" checked={all} onChange={() => onSelect(all ? new Set() : new Set(rows.map((r) => r.id)))} />
              </th>
            ) : null}
            <th scope="col">Status</th>
            <th scope="col">Runner</th>
            <th scope="col">Type</th>
            <th scope="col">IP address</th>
            {viewer.canWrite ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((runner) => (
            <tr key={runner.id} data-runner-id={runner.id} data-status={runner.status} class={`${changed.has(runner.id) ? 'changed' : ''} ${outOfFilter(runner) ? 'left-filter' : ''}`}>
              {viewer.canWrite ? (
                <td>
                  <input type="checkbox" aria-label={`Select runner #${runner.id}`} checked={selected.has(runner.id)} onChange={() => toggle(runner.id)} />
                </td>
              ) : null}
              <td><StatusBadge status={runner.status} paused={runner.paused} /></td>
              <td>
                <Link href={`${BASE}/${runner.id}`}>#{runner.id}</Link> <span class="description">{runner.description || runner.name || '(no description)'}</span>
              </td>
              <td>{TYPE_LABELS[runner.runner_type]}</td>
              <td>{runner.ip_address ?? '—'}</td>
              {viewer.canWrite ? (
                <td>
                  <button type="button" class="secondary small" aria-label={`${runner.paused ? 'Resume' : 'Pause'} runner #${runner.id}`} onClick={() => void setPaused(runner, !runner.paused)}>
                    {runner.paused ? 'Resume' : 'Pause'}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
