import type { Job } from '../types';
import { dateTime, show } from '../ui/format';

export function Jobs({ jobs }: { jobs: Job[] | null }) {
  if (!jobs) return <p role="status">Loading…</p>;
  if (jobs.length === 0) return <p class="empty">This runner has run no jobs.</p>;
  return (
    <table>
      <caption class="visually-hidden">Jobs run by this runner, newest first</caption>
      <thead><tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Project</th><th scope="col">Ref</th><th scope="col">Created</th><th scope="col">Duration</th></tr></thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.id}>
            <td>#{j.id} {j.name}</td>
            <td>{j.status}</td>
            <td>{show(j.project?.path_with_namespace)}</td>
            <td>{show(j.ref)}</td>
            <td>{dateTime(j.created_at)}</td>
            <td>{j.duration === null ? '—' : `${Math.round(j.duration)} s`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
