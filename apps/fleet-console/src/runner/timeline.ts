import type { AuditEntry } from '../types';

export interface TimelineChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface TimelineItem {
  entry: AuditEntry;
  changes: TimelineChange[];
}

/** What an event set, as runner fields: the history shows payloads, the timeline shows fields. */
function fieldsOf(entry: AuditEntry): Record<string, unknown> {
  const { changes } = entry;
  switch (entry.event_type) {
    case 'RunnerPaused':
      return { paused: true };
    case 'RunnerResumed':
      return { paused: false };
    case 'RunnerWentOffline':
      return { status: 'offline' };
    case 'RunnerBecameStale':
      return { status: 'stale' };
    case 'RunnerDetailsChanged':
      return (changes.changes as Record<string, unknown>) ?? {};
    default:
      return changes;
  }
}

/**
 * Before/after for each entry of GET /runners/:id/history (oldest first): the runner's fields are
 * folded from the registration on, so "before" is what the field held just before that event.
 * The history never carries a token or a digest, so neither can the timeline.
 */
export function buildTimeline(entries: AuditEntry[]): TimelineItem[] {
  let state: Record<string, unknown> = {};
  return entries.map((entry) => {
    const after = fieldsOf(entry);
    const changes = Object.entries(after).map(([field, value]) => ({ field, before: state[field], after: value }));
    state = { ...state, ...after };
    return { entry, changes };
  });
}

export function actorLabel(actor: AuditEntry['actor'], usernames: ReadonlyMap<number, string> = new Map()): string {
  if (actor === null) return 'the system';
  if (actor.id === undefined) return `${actor.type} ${actor.name ?? ''}`.trim();
  const name = actor.type === 'user' ? usernames.get(actor.id) : undefined;
  return name ? `${name} (user #${actor.id})` : `${actor.type} #${actor.id}`;
}
