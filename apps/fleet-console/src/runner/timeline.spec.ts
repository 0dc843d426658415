import type { AuditEntry } from '../types';
import { actorLabel, buildTimeline } from './timeline';

const entry = (revision: number, event_type: string, changes: Record<string, unknown>, actor: AuditEntry['actor'] = { type: 'user', id: 1 }): AuditEntry => ({
  position: 10 + revision,
  revision,
  event_type,
  occurred_at: `2026-01-01T00:00:0${revision}Z`,
  actor,
  changes,
});

describe('the audit timeline (before/after folded from GET /runners/:id/history)', () => {
  const history = [
    entry(0, 'RunnerRegistered', { paused: false, description: 'one', tag_list: ['linux'] }, { type: 'runner', id: 7 }),
    entry(1, 'RunnerDetailsChanged', { changes: { description: 'two', tag_list: ['linux', 'arm64'] }, changed_at: 'x' }),
    entry(2, 'RunnerPaused', { paused_at: 'x' }),
    entry(3, 'RunnerResumed', { resumed_at: 'x' }),
    entry(4, 'RunnerWentOffline', { went_offline_at: 'x' }, null),
  ];

  it('shows each change with the value the field held just before it', () => {
    const [registered, changed, paused, resumed, offline] = buildTimeline(history);
    expect(registered.changes).toEqual([
      { field: 'paused', before: undefined, after: false },
      { field: 'description', before: undefined, after: 'one' },
      { field: 'tag_list', before: undefined, after: ['linux'] },
    ]);
    expect(changed.changes).toEqual([
      { field: 'description', before: 'one', after: 'two' },
      { field: 'tag_list', before: ['linux'], after: ['linux', 'arm64'] },
    ]);
    expect(paused.changes).toEqual([{ field: 'paused', before: false, after: true }]);
    expect(resumed.changes).toEqual([{ field: 'paused', before: true, after: false }]);
    expect(offline.changes).toEqual([{ field: 'status', before: undefined, after: 'offline' }]);
  });

  it('names the actor: a user by name when known, else by id; the system when there is none', () => {
    expect(actorLabel({ type: 'user', id: 1 }, new Map([[1, 'root']]))).toBe('root (user #1)');
    expect(actorLabel({ type: 'user', id: 2 })).toBe('user #2');
    expect(actorLabel({ type: 'runner', id: 7 }, new Map([[7, 'not a user']]))).toBe('runner #7');
    expect(actorLabel({ type: 'consumer', name: 'directory' })).toBe('consumer directory');
    expect(actorLabel(null)).toBe('the system');
  });
});
