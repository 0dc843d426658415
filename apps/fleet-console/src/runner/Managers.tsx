import type { Manager } from '../types';
import { StatusBadge } from '../ui/StatusBadge';
import { show, timeAgo } from '../ui/format';

export function Managers({ managers }: { managers: Manager[] | null }) {
  if (!managers) return <p role="status">Loading…</p>;
  if (managers.length === 0) return <p class="empty">No manager has contacted this runner yet.</p>;
  return (
    <table>
      <caption class="visually-hidden">Runner managers</caption>
      <thead><tr><th scope="col">System ID</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Platform</th><th scope="col">IP address</th><th scope="col">Last contact</th></tr></thead>
      <tbody>
        {managers.map((m) => (
          <tr key={m.id}>
            <td><code>{m.system_id}</code></td>
            <td><StatusBadge status={m.status} /></td>
            <td>{show(m.version)}</td>
            <td>{show([m.platform, m.architecture].filter(Boolean).join('/'))}</td>
            <td>{show(m.ip_address)}</td>
            <td>{timeAgo(m.contacted_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
