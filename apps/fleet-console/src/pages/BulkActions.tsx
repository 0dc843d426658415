import { useState } from 'preact/hooks';
import { ApiError, send } from '../api';
import type { Runner } from '../types';
import { mayDelete, type Viewer } from '../viewer';

/**
 * Pause, resume or delete the selected runners, one ordinary request each (PUT / DELETE
 * /runners/:id), so each is authorized and recorded on its own; refusals are listed by runner.
 */
export function BulkActions({ viewer, rows, selected, onDone }: { viewer: Viewer; rows: Runner[]; selected: Set<number>; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const ids = rows.filter((r) => selected.has(r.id)).map((r) => r.id);

  const run = async (verb: string, action: (id: number) => Promise<unknown>) => {
    setBusy(true);
    setConfirming(false);
    const results = await Promise.allSettled(ids.map(action));
    const refused = results.flatMap((r, i) => (r.status === 'rejected' ? [`#${ids[i]}: ${r.reason instanceof ApiError ? r.reason.message : String(r.reason)}`] : []));
    setOutcome(`${verb} ${ids.length - refused.length} of ${ids.length}.${refused.length ? ` Refused: ${refused.join('; ')}` : ''}`);
    setBusy(false);
    onDone();
  };

  return (
    <div class="bulk" role="toolbar" aria-label="Bulk actions">
      <span>{ids.length} selected</span>
      <button type="button" class="secondary" disabled={busy || !ids.length} onClick={() => void run('Paused', (id) => send('PUT', `/api/v4/runners/${id}`, { paused: true }))}>Pause selected</button>
      <button type="button" class="secondary" disabled={busy || !ids.length} onClick={() => void run('Resumed', (id) => send('PUT', `/api/v4/runners/${id}`, { paused: false }))}>Resume selected</button>
      {mayDelete(viewer) ? (
        confirming ? (
          <span class="confirm">
            Delete {ids.length} runner{ids.length === 1 ? '' : 's'} for good?
            <button type="button" class="danger" onClick={() => void run('Deleted', (id) => send('DELETE', `/api/v4/runners/${id}`))}>Confirm delete</button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>Cancel</button>
          </span>
        ) : (
          <button type="button" class="danger" disabled={busy || !ids.length} onClick={() => setConfirming(true)}>Delete selected</button>
        )
      ) : null}
      {outcome ? <span role="status">{outcome}</span> : null}
    </div>
  );
}
