import type { RelayCheckpoint } from './checkpoint';

/**
 * The right to relay: exactly one process per deployment holds it at a time. It comes with the
 * checkpoint, stored where the lease lives, so that only the holder ever writes it.
 */
export interface RelayLease {
  readonly checkpoint: RelayCheckpoint;
  /** Resolves (never rejects) if the lease is lost while held, e.g. its database connection died. */
  readonly lost: Promise<unknown>;
  /** Gives the lease up; harmless when it was lost already. */
  release(): Promise<void>;
}

/** Where leases are taken: one per deployment and topic. */
export interface RelayLeaseProvider {
  /** One attempt: the lease, or undefined while another process holds it. */
  tryAcquire(): Promise<RelayLease | undefined>;
  /** The last checkpoint the holder saved, readable from any process; undefined where the store cannot tell. */
  readCheckpoint(): Promise<number | undefined>;
  close(): Promise<void>;
}
