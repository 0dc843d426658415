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
}
