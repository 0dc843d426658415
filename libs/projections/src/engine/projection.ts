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
  /**
   * Called before `replaceWith(other)`, once `other` is loaded and while this model still serves:
   * what is derived from the model (the runner lists' indexes) is built from `other` here, over as
   * many turns of the event loop as it takes, so that the synchronous swap only adopts it. `other`
   * may still fold events after this and before the swap (the engine's catch-up).
   */
  prepareReplacement?(other: Projection): Promise<void>;
}
