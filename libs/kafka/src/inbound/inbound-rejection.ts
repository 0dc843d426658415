/**
 * Why an inbound message can never be applied, as the `dead-letter-reason` header says it. Retrying
 * such a message would fail the same way forever, so it is parked on the dead-letter topic and the
 * partition moves on. Anything else that goes wrong (the store is down…) is transient and retried.
 */
export const REJECTION_REASONS = [
  /** The value is not JSON (or is empty). */
  'invalid-json',
  /** JSON, but not a CloudEvents 1.0 structured envelope with an object `data`. */
  'invalid-envelope',
  /** A `type` this topic does not carry. */
  'unknown-type',
  /** A `schemaversion` this service does not read. */
  'unsupported-schema-version',
  /** `data` does not match the type's schema. */
  'schema-violation',
  /** `data` carries a token in plaintext: only SHA-256 digests may travel. */
  'plaintext-token',
  /** Well-formed, but the domain refuses the command (an unknown group, an invalid job status…). */
  'rejected-by-domain',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export class InboundRejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    /** Human-readable detail; never contains token values. */
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'InboundRejection';
  }
}
