import type { DomainError } from '../shared/decider';

/**
 * What a policy answers: the first refusal in GitLab's order, or null when the principal may go
 * on. A refusal is a DomainError with a code; the HTTP edge words it (libs/http domain-error.http.ts).
 */
export type Refusal = DomainError | null;

/** The first refusal of several checks, each run only if all before it passed. */
export function firstRefusal(...checks: readonly (() => Refusal)[]): Refusal {
  for (const check of checks) {
    const refusal = check();
    if (refusal) return refusal;
  }
  return null;
}
