import type { RecordedEvent } from '@app/event-store';
import type { DocumentCollection } from './document-collection';

/**
 * A projection folds events into query documents. `apply` must be synchronous and deterministic:
 * replaying the same events from zero has to produce exactly the same documents.
 */
export interface Projection {
  readonly name: string;
  readonly collections: readonly DocumentCollection<unknown>[];
  apply(event: RecordedEvent): void;
  /** Rebuilds in-memory indexes after persisted documents were hydrated. */
  afterHydrate?(): void;
  /**
   * Takes over the documents and indexes of `other`, a fresh instance of the same projection that
   * was loaded from another query-model generation (other is discarded). Synchronous, so readers
   * see either the old model or the new one, never a mix.
   */
  replaceWith?(other: Projection): void;
}
