import { useState } from 'preact/hooks';
import { ApiError, send } from '../api';
import type { Runner } from '../types';

/** POST /projects/:id/runners and DELETE /projects/:id/runners/:runner_id; the owner project cannot be unassigned (GitLab). */
export function Projects({ runner, editable, onChanged }: { runner: Runner; editable: boolean; onChanged: () => void }) {
  const [project, setProject] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (action: Promise<unknown>) => {
    try {
      await action;
      setError(null);
      setProject('');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
    onChanged();
  };
  const projects = runner.projects ?? [];
  return (
    <>
      {projects.length === 0 ? <p class="empty">No projects.</p> : null}
      <ul class="plain">
        {projects.map((p, index) => (
          <li key={p.id}>
            {p.path_with_namespace} <span class="muted">(#{p.id}{index === 0 ? ', owner' : ''})</span>{' '}
            {editable && index > 0 ? (
              <button type="button" class="secondary small" aria-label={`Unassign ${p.path_with_namespace}`} onClick={() => void act(send('DELETE', `/api/v4/projects/${p.id}/runners/${runner.id}`))}>
                Unassign
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <form class="inline" onSubmit={(e) => { e.preventDefault(); void act(send('POST', `/api/v4/projects/${encodeURIComponent(project.trim())}/runners`, { runner_id: runner.id })); }}>
          <label for="assign-project">Project ID or path</label>
          <input id="assign-project" required value={project} onInput={(e) => setProject(e.currentTarget.value)} />
          <button type="submit">Assign</button>
        </form>
      ) : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </>
  );
}
