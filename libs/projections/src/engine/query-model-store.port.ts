import type { LoopSlices } from '@app/common/loop-slices';
import type { DocumentChange } from './document-collection';

export interface PersistedDocument {
  readonly collection: string;
  readonly id: string;
  readonly doc: unknown;
}

export interface ProjectionSave {
  readonly projection: string;
  readonly changes: readonly DocumentChange[];
  readonly checkpoint: number;
}

export interface LoadEachOptions {
  /**
   * Give the event loop back whenever these say (every few milliseconds), visiting from one
   * consistent snapshot: for a load while the service serves (a generation swap), where loading a
   * big model in one go held every request for seconds.
   */
  readonly slices?: LoopSlices;
}

/** Where query documents and their checkpoints survive restarts. `save` is atomic across all entries. */
export interface QueryModelStore {
  load(projection: string): Promise<{ checkpoint: number; documents: PersistedDocument[] }>;
  /**
   * The same, one document at a time, resolving to the checkpoint: a million documents then never
   * sit in memory twice (as stored text and decoded, or decoded and as the projection keeps them).
   */
  loadEach?(projection: string, visit: (document: PersistedDocument) => void, options?: LoadEachOptions): Promise<number>;
  save(entries: readonly ProjectionSave[]): Promise<void>;
  /** Forgets a projection's documents and checkpoint, so it rebuilds from zero. */
  reset(projection: string): Promise<void>;
  /** Rejects when the store cannot be reached (readiness probes). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
