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

export type DomainErrorKind =
  /** The target does not exist (or no longer does). */
  | 'not_found'
  /** The request is well-formed but the state forbids it. */
  | 'forbidden'
  /** A rule on attribute values failed; `attributeErrors` says which, in GitLab's wording. */
  | 'validation'
  /** The operation is switched off by configuration (e.g. registration tokens disallowed). */
  | 'gone'
  /** The stream already holds what the command would create (e.g. a runner id already taken). */
  | 'conflict'
  /** The command cannot apply to this state; `message` says why in GitLab's words (a 400). */
  | 'invalid';

/** Returned, not thrown: a refusal is an ordinary outcome of deciding. */
export class DomainError {
  constructor(
    readonly kind: DomainErrorKind,
    readonly message: string,
    readonly attributeErrors: Readonly<Record<string, readonly string[]>> = {},
  ) {}

  static validation(errors: Record<string, string[]>): DomainError {
    return new DomainError('validation', 'validation failed', errors);
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;

export const fold = <Event, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: readonly Event[]): State =>
  events.reduce(decider.evolve, decider.initialState);
