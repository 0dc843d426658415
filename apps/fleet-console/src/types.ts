export type RunnerStatus = 'online' | 'offline' | 'stale' | 'never_contacted';
export type RunnerType = 'instance_type' | 'group_type' | 'project_type';

export const STATUSES: RunnerStatus[] = ['online', 'offline', 'stale', 'never_contacted'];
export const TYPES: RunnerType[] = ['instance_type', 'group_type', 'project_type'];

/** A runner as GET /runners/all lists it; the details (GET /runners/:id) add the rest. */
export interface Runner {
  id: number;
  description: string | null;
  ip_address: string | null;
  active: boolean;
  paused: boolean;
  is_shared: boolean;
  runner_type: RunnerType;
  name: string | null;
  online: boolean | null;
  status: RunnerStatus;
  tag_list?: string[];
  contacted_at?: string | null;
  version?: string | null;
  locked?: boolean;
  run_untagged?: boolean;
  access_level?: 'not_protected' | 'ref_protected';
  maximum_timeout?: number | null;
  maintenance_note?: string | null;
  projects?: Array<{ id: number; name: string; name_with_namespace: string; path_with_namespace: string }>;
  groups?: Array<{ id: number; name: string; web_url: string }>;
  created_at?: string;
}

export interface Manager {
  id: number;
  system_id: string;
  version: string | null;
  platform: string | null;
  architecture: string | null;
  ip_address: string | null;
  contacted_at: string | null;
  status: RunnerStatus;
}

export interface Job {
  id: number;
  status: string;
  name: string;
  stage: string;
  ref: string;
  created_at: string;
  finished_at: string | null;
  duration: number | null;
  project?: { id: number; name: string; path_with_namespace: string };
}

export interface AuditEntry {
  position: number;
  revision: number;
  event_type: string;
  occurred_at: string | null;
  actor: { type: string; id?: number; name?: string } | null;
  changes: Record<string, unknown>;
}

export interface HistoryPoint {
  time: string;
  online: number;
  offline: number;
  stale: number;
  never_contacted: number;
}
