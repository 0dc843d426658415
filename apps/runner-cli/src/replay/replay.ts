import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '@app/event-store';
import {
  DirectoryProjection,
  JobsProjection,
  RunnersProjection,
  SqliteQueryModelStore,
  type PersistedDocument,
  type Projection,
} from '@app/projections';
import { queryModelsFile, type AppConfig } from '../../../runner-registry/src/config/app-config';

/**
 * `replay`: rebuilds every query model (directory, runners, jobs) from position 0 into a FRESH
 * SQLite query-model store beside the live one, and reports per projection its document count,
 * checkpoint and a checksum. It never writes to the live store (query-models.sqlite); `--verify`
 * only reads it. Swapping a rebuilt store in while the service runs is not done here.
 */

/** Where replay stops (inclusive): the last event at or before a position, or before the first event that occurred after a time. */
export type ReplayUntil = { kind: 'position'; position: number } | { kind: 'time'; millis: number } | null;

export interface ReplayOptions {
  readonly until: ReplayUntil;
  readonly verify: boolean;
}

export interface ReplayIo {
  out(line: string): Promise<void>;
  err(text: string): void;
}

export interface ProjectionSummary {
  readonly projection: string;
  readonly documents: number;
  readonly checkpoint: number;
  readonly checksum: string;
}

const BATCH = 1000;

/** The projections the service runs, in the service's order. */
export const createProjections = (): Projection[] => [new DirectoryProjection(), new RunnersProjection(), new JobsProjection()];

/** JSON.stringify with object keys sorted, so the checksum does not depend on key insertion order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** sha256 over the documents sorted by collection/id, one line per document: collection/id, then the document as JSON. */
export function checksumOf(documents: readonly PersistedDocument[]): string {
  const key = (d: PersistedDocument) => `${d.collection}/${d.id}`;
  const hash = createHash('sha256');
  for (const document of [...documents].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))) {
    hash.update(`${key(document)}\n${canonical(document.doc)}\n`);
  }
  return hash.digest('hex');
}

function occurredAtMillis(event: RecordedEvent): number {
  const occurredAt = (event.metadata as { occurredAt?: unknown }).occurredAt;
  return typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
}

/** True while the event still belongs to the replay; the first false ends it (the rebuilt models stay a prefix of the log). */
export function withinUntil(event: RecordedEvent, until: ReplayUntil): boolean {
  if (until === null) return true;
  if (until.kind === 'position') return event.position <= until.position;
  const millis = occurredAtMillis(event);
  return !Number.isNaN(millis) && millis <= until.millis;
}

/** `query-models.rebuild-20240101T120000123Z.sqlite` in DATA_DIR. */
export function rebuildFile(config: AppConfig, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return join(config.dataDir, `query-models.rebuild-${stamp}.sqlite`);
}

/** Applies the log from position 0 (up to `until`) to fresh projections and saves them to `file`. */
export async function rebuild(store: EventStore, file: string, until: ReplayUntil): Promise<ProjectionSummary[]> {
  const projections = createProjections();
  let checkpoint = 0;
  scan: for (let after = 0; ; ) {
    const events = await store.readAll({ after, maxCount: BATCH });
    for (const event of events) {
      if (!withinUntil(event, until)) break scan;
      for (const projection of projections) projection.apply(event);
      checkpoint = event.position;
    }
    if (events.length < BATCH) break;
    after = events[events.length - 1].position;
  }

  const fresh = SqliteQueryModelStore.open(file);
  try {
    await fresh.save(projections.map((p) => ({ projection: p.name, changes: p.collections.flatMap((c) => c.takeChanges()), checkpoint })));
    const summaries: ProjectionSummary[] = [];
    // Read back what was stored, so the checksum covers the same JSON round trip as the live store's.
    for (const projection of projections) {
      const loaded = await fresh.load(projection.name);
      summaries.push({ projection: projection.name, documents: loaded.documents.length, checkpoint: loaded.checkpoint, checksum: checksumOf(loaded.documents) });
    }
    return summaries;
  } finally {
    await fresh.close();
  }
}

/** The live store's documents of one projection, read through a read-only connection. */
export function liveDocuments(file: string, projection: string): PersistedDocument[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT collection, id, doc FROM query_documents WHERE projection = ?').all(projection) as { collection: string; id: string; doc: string }[];
    return rows.map((r) => ({ collection: r.collection, id: r.id, doc: JSON.parse(r.doc) as unknown }));
  } finally {
    db.close();
  }
}

/** Runs `replay`; returns the exit code (0 done/equal, 1 a checksum differs or the live store is missing, 3 PostgreSQL). */
export async function replay(config: AppConfig, openStore: () => Promise<EventStore>, options: ReplayOptions, io: ReplayIo): Promise<number> {
  if (config.databaseUrl) {
    io.err('runner-cli: replay of PostgreSQL query models (DATABASE_URL) is not supported yet\n');
    return 3;
  }
  const live = queryModelsFile(config);
  if (options.verify && !existsSync(live)) {
    io.err(`runner-cli: no live query models at ${live} to verify against\n`);
    return 1;
  }

  const file = rebuildFile(config);
  if (existsSync(file)) {
    io.err(`runner-cli: ${file} already exists; not rebuilding into it\n`);
    return 1;
  }
  const store = await openStore();
  let summaries: ProjectionSummary[];
  try {
    summaries = await rebuild(store, file, options.until);
  } finally {
    await store.close();
  }
  io.err(`runner-cli: rebuilt query models written to ${file} (the live store was not touched)\n`);
  for (const summary of summaries) await io.out(JSON.stringify(summary));
  if (!options.verify) return 0;

  let differ = false;
  for (const summary of summaries) {
    const liveChecksum = checksumOf(liveDocuments(live, summary.projection));
    const equal = liveChecksum === summary.checksum;
    differ ||= !equal;
    await io.out(JSON.stringify({ projection: summary.projection, live_checksum: liveChecksum, rebuilt_checksum: summary.checksum, equal }));
  }
  return differ ? 1 : 0;
}
