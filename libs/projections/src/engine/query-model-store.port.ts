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

/** Where query documents and their checkpoints survive restarts. `save` is atomic across all entries. */
export interface QueryModelStore {
  load(projection: string): Promise<{ checkpoint: number; documents: PersistedDocument[] }>;
  save(entries: readonly ProjectionSave[]): Promise<void>;
  /** Forgets a projection's documents and checkpoint, so it rebuilds from zero. */
  reset(projection: string): Promise<void>;
  /** Rejects when the store cannot be reached (readiness probes). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
