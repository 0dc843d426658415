import { expect } from '@jest/globals';
import type { Refusal } from '../access/refusal';
import type { Principal } from '../access/runner-policy';
import { DomainError } from '../shared/decider';
import type { DomainErrorCode } from '../shared/domain-error-codes';

/** given(facts) / when(principal) / thenAllows() or thenRefuses(code) for any policy. */
export function policySpec<Facts>(policy: (principal: Principal, facts: Facts) => Refusal) {
  return {
    given(facts: Facts) {
      return {
        when(principal: Principal) {
          const refusal = policy(principal, facts);
          return {
            thenAllows() {
              expect(refusal?.code ?? null).toBeNull();
            },
            thenRefuses(code: DomainErrorCode) {
              expect(refusal).toBeInstanceOf(DomainError);
              expect(refusal?.code).toBe(code);
            },
            /** 'ok' or the refusal's code, for tables of roles. */
            thenAnswers(expected: DomainErrorCode | 'ok') {
              expect(refusal?.code ?? 'ok').toBe(expected);
            },
          };
        },
      };
    },
  };
}
