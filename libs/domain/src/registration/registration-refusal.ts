import { DomainError } from '../shared/decider';
import type { RegistrationDecision } from './resolve-registration';

/**
 * POST /runners (lib/api/ci/runner.rb) refuses a registration the way resolveRegistration decided:
 * an unknown token is "invalid token supplied" (403), a disallowed one "runner registration
 * disallowed" (410). Null when the runner may be registered.
 */
export function registrationRefusal(decision: RegistrationDecision): DomainError | null {
  switch (decision.outcome) {
    case 'invalid_token':
      return DomainError.of('registration.invalid_token');
    case 'disallowed':
      return DomainError.of('registration.disallowed');
    case 'register':
      return null;
  }
}
