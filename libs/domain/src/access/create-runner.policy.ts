import { DomainError } from '../shared/decider';
import type { RunnerType } from '../runner/runner.types';
import type { AccessDirectory } from './access-directory';
import { managesGroupRunners, managesProjectRunners } from './namespace-permissions';
import type { Refusal } from './refusal';
import type { Principal } from './runner-policy';

export interface CreateRunnerFacts {
  readonly directory: AccessDirectory;
  readonly runnerType: RunnerType;
  /** The group (group_type) or project (project_type) named in the request; null when none was. */
  readonly scopeId: number | null;
}

/**
 * POST /user/runners (lib/api/users.rb, app/services/ci/runners/create_runner_service.rb and its
 * three strategies), in GitLab's order: the scope must exist (`Group.find_by_id` /
 * `Project.find_by_id`: any existing one, visible to the user or not), else 400 "Missing/invalid
 * group|project"; then the user needs `create_instance_runner` (administrators),
 * `create_runners` on the group (Owners) or on the project (Maintainers), else 403
 * "Insufficient permissions". The runner's own attributes are checked after this, by the decider
 * (see creationRefusal).
 */
export function createRunnerRefusal(principal: Principal, { directory, runnerType, scopeId }: CreateRunnerFacts): Refusal {
  switch (runnerType) {
    case 'instance_type':
      return principal.admin ? null : DomainError.of('access.insufficient_permissions');
    case 'group_type':
      if (scopeId === null || !directory.group(scopeId)) return DomainError.of('runner.creation_group_missing');
      return managesGroupRunners(principal, directory, scopeId) ? null : DomainError.of('access.insufficient_permissions');
    case 'project_type':
      if (scopeId === null || !directory.project(scopeId)) return DomainError.of('runner.creation_project_missing');
      return managesProjectRunners(principal, directory, scopeId) ? null : DomainError.of('access.insufficient_permissions');
  }
}

/**
 * CreateRunnerService answers a runner that fails the model validations with one sentence of
 * full messages, not with the {attribute: [...]} hash registration answers: same rules, another
 * refusal. Other refusals (a runner id already taken…) pass through.
 */
export const creationRefusal = (error: DomainError): DomainError =>
  error.kind === 'validation' ? DomainError.of('runner.creation_invalid', { attributeErrors: error.attributeErrors }) : error;
