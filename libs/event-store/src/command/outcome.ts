import type { DomainError } from '@app/domain';

/** What a command handler answers: a value, or the domain's reason for refusing. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const succeeded = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const failed = <T>(error: DomainError): Outcome<T> => ({ ok: false, error });
