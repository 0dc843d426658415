import type { DomainError } from '@app/domain';
import { apiError, conflict, forbidden, gone, notFound, validationFailed, type GitLabHttpError } from './gitlab-errors';

/** Domain refusals in GitLab's wire shapes; the domain error's message names the resource or reason. */
export function toHttpError(error: DomainError): GitLabHttpError {
  switch (error.kind) {
    case 'not_found':
      return notFound(error.message);
    case 'forbidden':
      return forbidden(error.message || undefined);
    case 'validation':
      return validationFailed(Object.fromEntries(Object.entries(error.attributeErrors).map(([k, v]) => [k, [...v]])));
    case 'gone':
      return gone(error.message);
    case 'conflict':
      return conflict();
    case 'invalid':
      return apiError(400, error.message);
  }
}

/** Unwraps a handler's outcome or throws its HTTP error. */
export function valueOrThrow<T>(outcome: { ok: true; value: T } | { ok: false; error: DomainError }): T {
  if (!outcome.ok) throw toHttpError(outcome.error);
  return outcome.value;
}
