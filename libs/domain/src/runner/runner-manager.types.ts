/**
 * GitLab's executor names, mapped to its fixed list; anything else is `unknown` (GitLab app/models/ci/runner_manager.rb).
 * The newest list also has docker-autoscaler and instance.
 */
export const EXECUTOR_TYPES = [
  'unknown', 'custom', 'shell', 'docker', 'docker-windows', 'docker-ssh', 'ssh', 'parallels', 'virtualbox',
  'docker+machine', 'docker-ssh+machine', 'kubernetes', 'docker-autoscaler', 'instance',
] as const;
export type ExecutorType = (typeof EXECUTOR_TYPES)[number];

export const toExecutorType = (name: string | null | undefined): ExecutorType | null =>
  name === null || name === undefined ? null : ((EXECUTOR_TYPES as readonly string[]).includes(name) ? (name as ExecutorType) : 'unknown');

/** Old runners send no system_id: they all share GitLab's `<legacy>` manager. */
export const LEGACY_SYSTEM_ID = '<legacy>';

/** What a runner manager reports about itself on job requests; only these fields are kept. */
export interface ManagerInfo {
  readonly version: string | null;
  readonly revision: string | null;
  readonly platform: string | null;
  readonly architecture: string | null;
  readonly executor: ExecutorType | null;
  /** GitLab keeps only `gpus` of the runner's config. */
  readonly gpus: string | null;
}

export const EMPTY_MANAGER_INFO: ManagerInfo = { version: null, revision: null, platform: null, architecture: null, executor: null, gpus: null };
