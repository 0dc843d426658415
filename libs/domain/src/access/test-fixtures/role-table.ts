import { it } from '@jest/globals';
import { policySpec } from '../../testing/policy-spec';
import type { DomainErrorCode } from '../../shared/domain-error-codes';
import type { Refusal } from '../refusal';
import type { Principal } from '../runner-policy';
import { ROLE_NAMES, ROLES, type Role } from './access-directory.fixture';

export type Answer = DomainErrorCode | 'ok';

/** Every role but those listed gets `answer`, as the authorization matrix e2e spec writes its rows. */
export const all = (answer: Answer, overrides: Partial<Record<Role, Answer>> = {}): Record<Role, Answer> =>
  ({ ...Object.fromEntries(ROLE_NAMES.map((role) => [role, answer])), ...overrides }) as Record<Role, Answer>;

/** One it() per role: given(facts) when(role) then the expected answer. */
export function eachRole<Facts>(policy: (principal: Principal, facts: Facts) => Refusal, facts: Facts, expected: Record<Role, Answer>): void {
  const spec = policySpec(policy);
  it.each(ROLE_NAMES)('%s', (role) => {
    spec.given(facts).when(ROLES[role]).thenAnswers(expected[role]);
  });
}
