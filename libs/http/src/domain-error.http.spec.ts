import { describe, expect, it } from '@jest/globals';
import { DOMAIN_ERRORS, DomainError, type DomainErrorCode } from '@app/domain';
import { toHttpError, valueOrThrow } from './domain-error.http';
import { GitLabHttpError } from './gitlab-errors';

const answer = (error: DomainError) => {
  const http = toHttpError(error);
  return [http.status, http.body];
};

/** Every code, as clients have always seen it (the bodies the app's endpoints answered before codes). */
const GITLAB_BODIES: Record<DomainErrorCode, [number, unknown]> = {
  'runner.not_found': [404, { message: '404 Runner Not Found' }],
  'runner_manager.not_found': [404, { message: '404 Runner manager not found Not Found' }],
  'user.not_found': [404, { message: '404 User Not Found' }],
  'group.not_found': [404, { message: '404 Group Not Found' }],
  'project.not_found': [404, { message: '404 Project Not Found' }],
  'instance_settings.not_found': [404, { message: '404 Instance settings Not Found' }],
  'validation.failed': [400, { message: { tags_list: ['can not be empty when runner is not allowed to pick untagged jobs'] } }],
  'runner.creation_invalid': [400, { message: '400 Bad request - Tags list can not be empty when runner is not allowed to pick untagged jobs' }],
  'runner.already_exists': [409, { message: '409 Conflict' }],
  'user.token_digest_taken': [409, { message: '409 Conflict' }],
  'access.denied': [403, { message: '403 Forbidden' }],
  'access.no_access_granted': [403, { message: '403 Forbidden - No access granted' }],
  'access.insufficient_permissions': [403, { message: '403 Forbidden - Insufficient permissions' }],
  'runner.group_runner': [403, { message: '403 Forbidden - Runner is a group runner' }],
  'runner.locked': [403, { message: '403 Forbidden - Runner is locked' }],
  'runner.on_several_projects': [403, { message: '403 Forbidden - Runner associated with more than one project' }],
  'runner.owner_project': [403, { message: '403 Forbidden - You cannot unassign a runner from the owner project. Delete the runner instead' }],
  'runner.instance_runner_not_assignable': [400, { message: 'Transitioning an instance runner to a project runner is not supported' }],
  'runner.already_assigned': [400, { message: 'Assign to Validation failed: Runner has already been taken - runner_error' }],
  'runner.creation_group_missing': [400, { message: '400 Bad request - Missing/invalid group' }],
  'runner.creation_project_missing': [400, { message: '400 Bad request - Missing/invalid project' }],
  'registration_token.disallowed': [403, { message: '403 Forbidden' }],
  'registration.invalid_token': [403, { message: '403 Forbidden - invalid token supplied' }],
  'registration.disallowed': [410, { message: '410 Gone - runner registration disallowed' }],
};

const UNTAGGED = { tags_list: ['can not be empty when runner is not allowed to pick untagged jobs'] };

describe('domain refusals as GitLab answers them', () => {
  it.each(Object.entries(GITLAB_BODIES) as [DomainErrorCode, [number, unknown]][])('%s → %j', (code, expected) => {
    expect(answer(DomainError.of(code, { attributeErrors: UNTAGGED }))).toEqual(expected);
  });

  it('knows every code the domain has', () => {
    expect(Object.keys(GITLAB_BODIES).sort()).toEqual(Object.keys(DOMAIN_ERRORS).sort());
  });

  it('joins several attribute messages of a created runner as Rails sentences do', () => {
    const error = DomainError.of('runner.creation_invalid', {
      attributeErrors: { maximum_timeout: ['needs to be at least 10 minutes'], tags_list: ['a', 'b'] },
    });
    expect(answer(error)).toEqual([400, { message: '400 Bad request - Maximum timeout needs to be at least 10 minutes, Tags list a, and Tags list b' }]);
  });

  it('words a refusal that names something (a runner id) by its code, not by its message', () => {
    expect(answer(DomainError.of('runner.already_exists', { message: 'runner 7 already exists' }))).toEqual([409, { message: '409 Conflict' }]);
  });

  it('still answers errors built without a code from their kind and message', () => {
    expect(answer(new DomainError('not_found', 'Runner'))).toEqual([404, { message: '404 Runner Not Found' }]);
    expect(answer(new DomainError('forbidden', ''))).toEqual([403, { message: '403 Forbidden' }]);
    expect(answer(new DomainError('forbidden', 'invalid token supplied'))).toEqual([403, { message: '403 Forbidden - invalid token supplied' }]);
    expect(answer(new DomainError('gone', 'runner registration disallowed'))).toEqual([410, { message: '410 Gone - runner registration disallowed' }]);
    expect(answer(new DomainError('invalid', '400 Bad request - Missing/invalid group'))).toEqual([400, { message: '400 Bad request - Missing/invalid group' }]);
    expect(answer(new DomainError('conflict', 'anything'))).toEqual([409, { message: '409 Conflict' }]);
    expect(answer(DomainError.validation({ id: ['must be an integer'] }))).toEqual([400, { message: { id: ['must be an integer'] } }]);
  });

  it('unwraps a success and throws the GitLab error of a refusal', () => {
    expect(valueOrThrow({ ok: true, value: 3 })).toBe(3);
    expect(() => valueOrThrow({ ok: false, error: DomainError.of('runner.locked') })).toThrow(GitLabHttpError);
  });
});
