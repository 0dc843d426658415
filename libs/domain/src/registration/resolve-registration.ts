import type { RunnerType } from '../runner/runner.types';

/** What the registry knows about a registration token, looked up by its digest. */
export type RegistrationTokenOwner =
  | { readonly scope: 'instance' }
  | { readonly scope: 'group'; readonly groupId: number; readonly rootAllowsRegistration: boolean }
  | { readonly scope: 'project'; readonly projectId: number; readonly rootAllowsRegistration: boolean };

export type RegistrationDecision =
  | { readonly outcome: 'register'; readonly runnerType: RunnerType; readonly groupId: number | null; readonly projectId: number | null }
  | { readonly outcome: 'invalid_token' }
  | { readonly outcome: 'disallowed' };

/**
 * GitLab's register-runner token resolution. When the instance disallows registration tokens, every
 * token, valid or not, is "disallowed" (410), never "invalid" (403); a group or project token is
 * also disallowed when its root ancestor group switches registration tokens off.
 */
export function resolveRegistration(
  owner: RegistrationTokenOwner | undefined,
  instanceAllowsRegistration: boolean,
): RegistrationDecision {
  if (!instanceAllowsRegistration) return { outcome: 'disallowed' };
  if (!owner) return { outcome: 'invalid_token' };
  switch (owner.scope) {
    case 'instance':
      return { outcome: 'register', runnerType: 'instance_type', groupId: null, projectId: null };
    case 'project':
      if (!owner.rootAllowsRegistration) return { outcome: 'disallowed' };
      return { outcome: 'register', runnerType: 'project_type', groupId: null, projectId: owner.projectId };
    case 'group':
      if (!owner.rootAllowsRegistration) return { outcome: 'disallowed' };
      return { outcome: 'register', runnerType: 'group_type', groupId: owner.groupId, projectId: null };
  }
}

