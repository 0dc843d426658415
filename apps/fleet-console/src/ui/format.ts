import type { RunnerStatus, RunnerType } from '../types';

export const STATUS_LABELS: Record<RunnerStatus, string> = { online: 'Online', offline: 'Offline', stale: 'Stale', never_contacted: 'Never contacted' };
export const TYPE_LABELS: Record<RunnerType, string> = { instance_type: 'Instance', group_type: 'Group', project_type: 'Project' };

export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 60) return 'just now';
  const units: Array<[number, string]> = [[86400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, unit] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  }
  return iso;
}

export const dateTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'medium' }) + ' UTC' : '—');

export const show = (value: unknown): string => (value === null || value === undefined || value === '' ? '—' : Array.isArray(value) ? value.join(', ') || '—' : String(value));
