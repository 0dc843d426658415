import { toExecutorType, type ManagerInfo } from '@app/domain';

/** The `info` a runner sends, as Grape coerced it. */
export interface InfoParams {
  version?: string | null;
  revision?: string | null;
  platform?: string | null;
  architecture?: string | null;
  executor?: string | null;
  config?: { gpus?: string | null } | null;
}

/** Keeps only what GitLab keeps of `info`: the manager's details, the executor mapped to GitLab's list, config.gpus. */
export function managerInfoFrom(info: InfoParams | null | undefined): ManagerInfo {
  return {
    version: info?.version ?? null,
    revision: info?.revision ?? null,
    platform: info?.platform ?? null,
    architecture: info?.architecture ?? null,
    executor: toExecutorType(info?.executor),
    gpus: info?.config?.gpus ?? null,
  };
}
