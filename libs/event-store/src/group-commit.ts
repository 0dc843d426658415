/** What the batch writer says of one request of a group commit. */
export type Outcome<Result> =
  | { readonly ok: true; readonly value: Result }
  | { readonly ok: false; readonly error: unknown };

/** A request waiting for its group commit, with the promise it settles. */
export interface Pending<Request, Result> {
  readonly request: Request;
  readonly resolve: (value: Result) => void;
  readonly reject: (error: unknown) => void;
}

/** Settles each waiting request with its outcome, in order; a missing outcome is an error, never a hang. */
export function settle<Request, Result>(batch: readonly Pending<Request, Result>[], outcomes: readonly Outcome<Result>[]): void {
  batch.forEach((entry, i) => {
    const outcome = outcomes[i];
    if (!outcome) entry.reject(new Error(`The batch writer gave no outcome for request ${i} of ${batch.length}`));
    else if (outcome.ok) entry.resolve(outcome.value);
    else entry.reject(outcome.error);
  });
}
