import { DomainError } from '../shared/decider';
import type { Refusal } from './refusal';
import type { Principal } from './runner-policy';

/**
 * `POST /runners/bulk_delete`, beyond GitLab's REST API (GitLab offers bulk deletion only in GraphQL,
 * `bulkRunnerDelete`, where it also needs `delete_runner` on every runner): administrators only,
 * whose `delete_runner` covers every runner. Auditors read everything and delete nothing.
 */
export const bulkDeleteRunnersRefusal = (principal: Principal): Refusal => (principal.admin ? null : DomainError.of('access.denied'));
