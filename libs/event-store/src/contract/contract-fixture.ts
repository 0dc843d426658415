import { EventStore } from '../event-store.port';

/**
 * What an adapter's spec hands the contract for each test.
 * - `store` must be empty.
 * - `reopen` (optional) opens a new store on the same storage; the contract closes `store` first.
 * - `cleanup` closes every store the fixture opened (including reopened ones; the contract may already
 *   have closed some, so closing twice must be harmless) and deletes the storage.
 */
export interface EventStoreFixture {
  readonly store: EventStore;
  readonly reopen?: () => Promise<EventStore>;
  readonly cleanup: () => Promise<void>;
  /**
   * The store truncates `$all` lazily (EventStoreDB until a scavenge): readAll and subscriptions may
   * still return events a `maxCount` truncated, in their place. Stream reads are exact regardless.
   */
  readonly allKeepsTruncatedEvents?: boolean;
}

/** Filled in before each test; the contract's tests read it when they run, not when they are defined. */
export interface ContractContext {
  fixture: EventStoreFixture;
  store: EventStore;
}
