import type { AuditEntry } from '../types';
import { dateTime } from '../ui/format';
import { actorLabel, buildTimeline } from './timeline';

const shown = (value: unknown): string => (value === undefined ? '—' : JSON.stringify(value));

/** The audit timeline, newest first: who changed what and when, each change with before and after. */
export function Timeline({ entries }: { entries: AuditEntry[] }) {
  const items = buildTimeline(entries).reverse();
  if (items.length === 0) return <p class="empty">No recorded changes.</p>;
  return (
    <ol class="timeline">
      {items.map(({ entry, changes }) => (
        <li key={entry.position} data-event-type={entry.event_type}>
          <p class="timeline-head">
            <strong>{entry.event_type}</strong> by {actorLabel(entry.actor)} · <time dateTime={entry.occurred_at ?? undefined}>{dateTime(entry.occurred_at)}</time>
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
