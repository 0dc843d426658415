import { DOMAIN_ERRORS, UNCODED, type DomainErrorCode, type DomainErrorKind } from './domain-error-codes';

/**
 * A decider in the spirit of event-driven-io/emmett: all business rules are pure functions, so they
 * can be tested as given(events) / when(command) / then(events | error) without any infrastructure.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  decide(command: Command, state: State): readonly Event[] | DomainError;
  evolve(state: State, event: Event): State;
}

/** A past-tense fact as the domain sees it: no ids, no positions, no metadata. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export type { DomainErrorKind };

/**
 * Returned, not thrown: a refusal is an ordinary outcome of deciding. `code` says which refusal it
 * is (see DOMAIN_ERRORS); `kind` and `message` follow from it. Build one with `DomainError.of`.
 */
export class DomainError {
  constructor(
    readonly kind: DomainErrorKind,
    readonly message: string,
    readonly attributeErrors: Readonly<Record<string, readonly string[]>> = {},
    /** Left out only by callers that predate codes (see UNCODED). */
    readonly code: DomainErrorCode | typeof UNCODED = UNCODED,
  ) {}

  /** The refusal `code`, with its kind and message; `message` replaces the usual one where the refusal names something (an id). */
  static of(code: DomainErrorCode, details: { readonly message?: string; readonly attributeErrors?: Readonly<Record<string, readonly string[]>> } = {}): DomainError {
    const { kind, message } = DOMAIN_ERRORS[code];
    return new DomainError(kind, details.message ?? message, details.attributeErrors ?? {}, code);
  }

  static validation(errors: Record<string, string[]>): DomainError {
    return DomainError.of('validation.failed', { attributeErrors: errors });
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;

export const fold = <Event, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: readonly Event[]): State =>
  events.reduce(decider.evolve, decider.initialState);
