import { EMPTY_MANAGER_INFO, toExecutorType, type ManagerInfo } from '@app/domain';

/** The `info` a runner sends, as Grape coerced it. */
export interface InfoParams {
  version?: string | null;
  revision?: string | null;
  platform?: string | null;
  architecture?: string | null;
  executor?: string | null;
  config?: { gpus?: string | null } | null;
}

/** Rails' `present?` for the strings a runner sends: not null and not blank. */
const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Keeps only what GitLab keeps of `info`: the manager's details, the executor mapped to GitLab's
 * list, config.gpus. As in GitLab (`attributes_for_keys`), a detail the request leaves out or
 * blank is not written, so the manager keeps its `stored` value; `config` is written as a whole
 * (`{gpus}` or `{}`). No `info` at all (or an empty one) is null: the call carries no details.
 */
export function managerInfoFrom(info: InfoParams | null | undefined, stored: ManagerInfo = EMPTY_MANAGER_INFO): ManagerInfo | null {
  if (!info || Object.keys(info).length === 0) return null;
  const gpus = info.config?.gpus;
  return {
    version: present(info.version) ? info.version : stored.version,
    revision: present(info.revision) ? info.revision : stored.revision,
    platform: present(info.platform) ? info.platform : stored.platform,
    architecture: present(info.architecture) ? info.architecture : stored.architecture,
    executor: present(info.executor) ? toExecutorType(info.executor) : stored.executor,
    gpus: present(gpus) ? gpus : null,
  };
}
