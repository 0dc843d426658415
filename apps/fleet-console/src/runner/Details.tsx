import { useState } from 'preact/hooks';
import { ApiError, send } from '../api';
import type { Runner } from '../types';
import { show, timeAgo, TYPE_LABELS } from '../ui/format';

/** The fields PUT /runners/:id takes (lib/api/ci/runners.rb), as the form edits them. */
interface Form {
  description: string;
  paused: boolean;
  tag_list: string;
  run_untagged: boolean;
  locked: boolean;
  access_level: string;
  maximum_timeout: string;
  maintenance_note: string;
}

const formOf = (r: Runner): Form => ({
  description: r.description ?? '',
  paused: r.paused,
  tag_list: (r.tag_list ?? []).join(', '),
  run_untagged: r.run_untagged ?? true,
  locked: r.locked ?? false,
  access_level: r.access_level ?? 'not_protected',
  maximum_timeout: r.maximum_timeout == null ? '' : String(r.maximum_timeout),
  maintenance_note: r.maintenance_note ?? '',
});

/** Only what changed goes to the API, so an unchanged field is not rewritten (nor recorded). */
function changesOf(before: Form, after: Form): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof Form>) {
    if (after[key] === before[key]) continue;
    if (key === 'tag_list') out.tag_list = after.tag_list.split(',').map((t) => t.trim()).filter(Boolean);
    else if (key === 'maximum_timeout') out.maximum_timeout = after.maximum_timeout === '' ? null : Number(after.maximum_timeout);
    else out[key] = after[key];
  }
  return out;
}

export function Details({ runner, editable, onSaved }: { runner: Runner; editable: boolean; onSaved: () => void }) {
  const [editing, setEditing] = useState<Form | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (editing) {
    const original = formOf(runner);
    const set = (patch: Partial<Form>) => setEditing({ ...editing, ...patch });
    const save = async (event: Event) => {
      event.preventDefault();
      const changes = changesOf(original, editing);
      try {
        if (Object.keys(changes).length) await send('PUT', `/api/v4/runners/${runner.id}`, changes);
        setEditing(null);
        setError(null);
        onSaved();
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    };
    return (
      <form class="edit" onSubmit={save} aria-label="Edit runner">
        <label for="e-description">Description</label>
        <input id="e-description" value={editing.description} maxLength={1024} onInput={(e) => set({ description: e.currentTarget.value })} />
        <label for="e-tags">Tags (comma separated)</label>
        <input id="e-tags" value={editing.tag_list} onInput={(e) => set({ tag_list: e.currentTarget.value })} />
        <label for="e-timeout">Maximum job timeout (seconds)</label>
        <input id="e-timeout" type="number" min={600} value={editing.maximum_timeout} onInput={(e) => set({ maximum_timeout: e.currentTarget.value })} />
        <label for="e-access">Protected</label>
        <select id="e-access" value={editing.access_level} onChange={(e) => set({ access_level: e.currentTarget.value })}>
          <option value="not_protected">Runs jobs on any branch</option>
          <option value="ref_protected">Runs jobs on protected branches only</option>
        </select>
        <label for="e-note">Maintenance note</label>
        <textarea id="e-note" value={editing.maintenance_note} maxLength={1024} onInput={(e) => set({ maintenance_note: e.currentTarget.value })} />
        <label class="check"><input type="checkbox" checked={editing.paused} onChange={(e) => set({ paused: e.currentTarget.checked })} /> Paused</label>
        <label class="check"><input type="checkbox" checked={editing.run_untagged} onChange={(e) => set({ run_untagged: e.currentTarget.checked })} /> Run untagged jobs</label>
        <label class="check"><input type="checkbox" checked={editing.locked} onChange={(e) => set({ locked: e.currentTarget.checked })} /> Locked to current projects</label>
        {error ? <p class="error" role="alert">{error}</p> : null}
        <div class="actions">
          <button type="submit">Save changes</button>
          <button type="button" class="secondary" onClick={() => { setEditing(null); setError(null); }}>Cancel</button>
        </div>
      </form>
    );
  }

  const rows: Array<[string, string]> = [
    ['Description', show(runner.description)],
    ['Type', TYPE_LABELS[runner.runner_type]],
    ['Tags', show(runner.tag_list)],
    ['Run untagged jobs', runner.run_untagged ? 'Yes' : 'No'],
    ['Locked', runner.locked ? 'Yes' : 'No'],
    ['Protected', runner.access_level === 'ref_protected' ? 'Protected branches only' : 'Any branch'],
    ['Maximum job timeout', runner.maximum_timeout == null ? '—' : `${runner.maximum_timeout} s`],
    ['Maintenance note', show(runner.maintenance_note)],
    ['Version', show(runner.version)],
    ['IP address', show(runner.ip_address)],
    ['Last contact', timeAgo(runner.contacted_at)],
  ];
  return (
    <>
      <dl class="details">
        {rows.map(([term, value]) => (
          <div key={term}><dt>{term}</dt><dd>{value}</dd></div>
        ))}
      </dl>
      {editable ? <button type="button" class="secondary" onClick={() => setEditing(formOf(runner))}>Edit details</button> : null}
    </>
  );
}
