import { UNCODED, type DomainError, type DomainErrorCode } from '@app/domain';
import { apiError, badRequest, conflict, forbidden, gone, notFound, validationFailed, type GitLabHttpError } from './gitlab-errors';

type AttributeErrors = DomainError['attributeErrors'];

/** `render_validation_error!`: {"message":{"attribute":["message", …]}}, the arrays copied out of the frozen error. */
const validationBody = (errors: AttributeErrors) => validationFailed(Object.fromEntries(Object.entries(errors).map(([attribute, messages]) => [attribute, [...messages]])));

/** Rails' `humanize` of an attribute name: `tags_list` → "Tags list". */
const humanize = (attribute: string) => {
  const words = attribute.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Rails' `Array#to_sentence`: "a", "a and b", "a, b, and c". */
function toSentence(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}

/** The model's `errors.full_messages`, as one sentence. */
const fullMessagesSentence = (errors: AttributeErrors) =>
  toSentence(Object.entries(errors).flatMap(([attribute, messages]) => messages.map((message) => `${humanize(attribute)} ${message}`)));

/**
 * GitLab's answer to each domain refusal, status and wording, in one place. The sources:
 * lib/api/helpers.rb (`not_found!`, `forbidden!`, `bad_request!`, `conflict!`, `render_api_error!`,
 * `render_validation_error!`), lib/api/ci/runners.rb (`authenticate_enable_runner!`,
 * `authenticate_delete_runner!`, `authenticate_disable_runner!`, "No access granted"),
 * lib/api/ci/runner.rb (registration, `not_found!('Runner manager not found')`: GitLab really
 * says "404 Runner manager not found Not Found"), lib/api/users.rb and
 * app/services/ci/runners/create_runner_service.rb (POST /user/runners).
 */
const GITLAB_ANSWERS: { readonly [Code in DomainErrorCode]: (error: DomainError) => GitLabHttpError } = {
  'runner.not_found': () => notFound('Runner'),
  'runner_manager.not_found': () => notFound('Runner manager not found'),
  'user.not_found': () => notFound('User'),
  'group.not_found': () => notFound('Group'),
  'project.not_found': () => notFound('Project'),
  'instance_settings.not_found': () => notFound('Instance settings'),

  'validation.failed': (error) => validationBody(error.attributeErrors),
  // CreateRunnerService answers a failed save with the full messages as one sentence, and the API
  // turns that into `bad_request!`, not into a {"message":{attr: [...]}} hash.
  'runner.creation_invalid': (error) => badRequest(fullMessagesSentence(error.attributeErrors)),

  'runner.already_exists': () => conflict(),
  'user.token_digest_taken': () => conflict(),

  'access.denied': () => forbidden(),
  'access.no_access_granted': () => forbidden('No access granted'),
  'access.insufficient_permissions': () => forbidden('Insufficient permissions'),
  'runner.group_runner': () => forbidden('Runner is a group runner'),
  'runner.locked': () => forbidden('Runner is locked'),
  'runner.on_several_projects': () => forbidden('Runner associated with more than one project'),
  'runner.owner_project': () => forbidden('You cannot unassign a runner from the owner project. Delete the runner instead'),

  // `render_api_error!(message, 400)` without the "400 Bad request" prefix.
  'runner.instance_runner_not_assignable': () => apiError(400, 'Transitioning an instance runner to a project runner is not supported'),
  'runner.already_assigned': () => apiError(400, 'Assign to Validation failed: Runner has already been taken - runner_error'),
  'runner.creation_group_missing': () => badRequest('Missing/invalid group'),
  'runner.creation_project_missing': () => badRequest('Missing/invalid project'),

  // `update_runners_registration_token` is prevented: `authorize!` answers a bare 403.
  'registration_token.disallowed': () => forbidden(),
  'registration.invalid_token': () => forbidden('invalid token supplied'),
  'registration.disallowed': () => gone('runner registration disallowed'),
};

/** Errors built before codes existed: mapped from kind and message, as the app's mapper always did. */
function fromKindAndMessage(error: DomainError): GitLabHttpError {
  switch (error.kind) {
    case 'not_found':
      return notFound(error.message);
    case 'forbidden':
      return forbidden(error.message || undefined);
    case 'validation':
      return validationBody(error.attributeErrors);
    case 'gone':
      return gone(error.message);
    case 'conflict':
      return conflict();
    case 'invalid':
      return apiError(400, error.message);
  }
}

/** A domain refusal as GitLab answers it. */
export function toHttpError(error: DomainError): GitLabHttpError {
  return error.code === UNCODED ? fromKindAndMessage(error) : GITLAB_ANSWERS[error.code](error);
}

/** Unwraps a handler's outcome or throws its HTTP error. */
export function valueOrThrow<T>(outcome: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError }): T {
  if (!outcome.ok) throw toHttpError(outcome.error);
  return outcome.value;
}

/** Throws GitLab's answer to an access policy's refusal (libs/domain/src/access); null lets the request through. */
export function refuseIf(refusal: DomainError | null): void {
  if (refusal) throw toHttpError(refusal);
}
