import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import type { AuditEntry } from '../types';
import { dateTime } from '../ui/format';
import { actorLabel, buildTimeline } from './timeline';

const usernames = new Map<number, Promise<string | null>>();

/** Users' names for the actors (GET /users/:id, once per user per tab); the id alone where it cannot be read. */
function useUsernames(entries: AuditEntry[]): Map<number, string> {
  const [names, setNames] = useState(new Map<number, string>());
  useEffect(() => {
    const ids = [...new Set(entries.flatMap((e) => (e.actor?.type === 'user' && e.actor.id !== undefined ? [e.actor.id] : [])))];
    for (const id of ids) {
      if (!usernames.has(id)) usernames.set(id, getJson<{ username: string }>(`/api/v4/users/${id}`).then((u) => u.username, () => null));
    }
    void Promise.all(ids.map(async (id) => [id, await usernames.get(id)!] as const)).then((pairs) =>
      setNames(new Map(pairs.filter((p): p is readonly [number, string] => p[1] !== null))),
    );
  }, [entries]);
  return names;
}

const shown = (value: unknown): string => (value === undefined ? '—' : JSON.stringify(value));

/** The audit timeline, newest first: who changed what and when, each change with before and after. */
export function Timeline({ entries }: { entries: AuditEntry[] }) {
  const names = useUsernames(entries);
  const items = buildTimeline(entries).reverse();
  if (items.length === 0) return <p class="empty">No recorded changes.</p>;
  return (
    <ol class="timeline">
      {items.map(({ entry, changes }) => (
        <li key={entry.position} data-event-type={entry.event_type}>
          <p class="timeline-head">
            <strong>{entry.event_type}</strong> by {actorLabel(entry.actor, names)} · <time dateTime={entry.occurred_at ?? undefined}>{dateTime(entry.occurred_at)}</time>
          </p>
          {entry.revision === 0 ? (
            <dl class="details initial">
              {changes.map((c) => (
                <div key={c.field}><dt>{c.field}</dt><dd><code>{shown(c.after)}</code></dd></div>
              ))}
            </dl>
          ) : changes.length ? (
            <table class="diff">
              <caption class="visually-hidden">Changes made by {entry.event_type}</caption>
              <thead>
                <tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{c.field}</th>
                    <td class="before">{shown(c.before)}</td>
                    <td class="after">{shown(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
