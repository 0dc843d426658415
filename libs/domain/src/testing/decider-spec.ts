import { expect } from '@jest/globals';
import { DomainError, fold, type Decider, type DomainErrorKind } from '../shared/decider';
import type { DomainErrorCode } from '../shared/domain-error-codes';

/** given(events) / when(command) / then(events), thenFails(kind) or thenRefuses(code) for any decider. */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command) {
          const result = decider.decide(command, fold(decider, events));
          return {
            then(expected: readonly Event[]) {
              expect(result).toEqual(expected);
            },
            thenFails(kind: DomainErrorKind, attributeErrors?: Record<string, string[]>) {
              expect(result).toBeInstanceOf(DomainError);
              const error = result as DomainError;
              expect(error.kind).toBe(kind);
              if (attributeErrors) expect(error.attributeErrors).toEqual(attributeErrors);
            },
            thenRefuses(code: DomainErrorCode) {
              expect(result).toBeInstanceOf(DomainError);
              expect((result as DomainError).code).toBe(code);
            },
          };
        },
      };
    },
  };
}
