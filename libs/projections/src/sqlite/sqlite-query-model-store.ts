import Database from 'better-sqlite3';
import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DocumentChange } from '../engine/document-collection';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LoopSlices } from '@app/common/loop-slices';
import type { LoadEachOptions, PersistedDocument, ProjectionSave, QueryModelStore } from '../engine/query-model-store.port';

/**
 * How a connection writes: `serve` for the query models services keep up to date; `bulk-load` for
 * a generation a replay is filling, which nobody reads before it is sealed (sealForServing).
 */
export type SqliteQueryModelWrites = 'serve' | 'bulk-load';

const SELECT_CHECKPOINT = 'SELECT position FROM projection_checkpoints WHERE projection = ?';
const SELECT_DOCUMENTS = 'SELECT collection, id, doc FROM query_documents WHERE projection = ?';
type DocumentRow = [collection: string, id: string, doc: string];
const documentOf = (row: DocumentRow): PersistedDocument => ({ collection: row[0], id: row[1], doc: JSON.parse(row[2]) });

/** Query documents in their own SQLite file, so a replay can build a fresh one beside the live one. */
export class SqliteQueryModelStore implements QueryModelStore {
  private readonly db: Database.Database;

  private constructor(
    private readonly file: string,
    private readonly writes: SqliteQueryModelWrites,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // First: the pragmas below wait for another connection's write lock too.
    this.db.pragma('busy_timeout = 5000');
    if (writes === 'serve') {
      this.db.pragma('journal_mode = WAL');
      // Losing the newest query documents in a power cut is harmless: they are rebuilt from the
      // checkpoint, which is written in the same transaction.
      this.db.pragma('synchronous = NORMAL');
    } else {
      // A replay's one big save per thread: every page is written once, straight into the file,
      // instead of into the WAL and then again by its checkpoint (half the save's time). Without a
      // journal a failed save leaves the file broken, which costs nothing: an unsealed generation
      // is never served, and removeStale deletes it. Not per-connection persistent, and only
      // possible on a file that is not in WAL mode yet: see SqliteQueryModelGenerations.create.
      this.db.pragma('journal_mode = OFF');
      this.db.pragma('synchronous = OFF');
    }
    // A rowid table with its key in an index, not WITHOUT ROWID: there, interior B-tree pages hold
    // whole rows, and documents of ~1 kB (a quarter of a page) made the tree deep and every page
    // written ~2.7 times. Files made before keep their WITHOUT ROWID table; the SQL is the same.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS query_documents (
        projection TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (projection, collection, id)
      );
      CREATE TABLE IF NOT EXISTS projection_checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
    `);
  }

  static open(file: string, writes: SqliteQueryModelWrites = 'serve'): SqliteQueryModelStore {
    return new SqliteQueryModelStore(file, writes);
  }

  /**
   * Turns a generation filled by bulk-load connections (all closed by now) into one services can
   * open: WAL mode, as `serve` connections expect, and everything on disk before it is promoted.
   */
  static sealForServing(file: string): void {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    const fd = openSync(file, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Checkpoint and documents read in one transaction, so they belong to the same save. Row by row:
   * with every row read first, each document's text lived as long as the whole read, and V8 copied
   * all of them out of its young generation (a replay's 500,000 runner documents, 466 MB of text:
   * 11.6-12.0 s read and parsed so, 6.7-8.1 s row by row).
   */
  async load(projection: string): Promise<{ checkpoint: number; documents: PersistedDocument[] }> {
    const documents: PersistedDocument[] = [];
    const checkpoint = await this.loadEach(projection, (document) => documents.push(document));
    return { checkpoint, documents };
  }

  async loadEach(projection: string, visit: (document: PersistedDocument) => void, options: LoadEachOptions = {}): Promise<number> {
    if (options.slices && this.file !== ':memory:') return this.loadEachInSlices(projection, visit, options.slices);
    const checkpoint = this.db.prepare(SELECT_CHECKPOINT).pluck(true);
    const documents = this.db.prepare(SELECT_DOCUMENTS).raw(true);
    return this.db.transaction(() => {
      const position = checkpoint.get(projection) as number | undefined;
      for (const row of documents.iterate(projection) as IterableIterator<DocumentRow>) {
        visit(documentOf(row));
      }
      return position ?? 0;
    })();
  }

  /**
   * loadEach, giving the event loop back whenever `slices` say. On a connection of its own: its
   * read transaction stays open across the turns (one snapshot, checkpoint included), and this
   * store's connection stays free for the saves that may come meanwhile (another projection
   * persisted to the same generation). WAL mode lets both go on side by side.
   */
  private async loadEachInSlices(projection: string, visit: (document: PersistedDocument) => void, slices: LoopSlices): Promise<number> {
    const reader = new Database(this.file, { readonly: true, fileMustExist: true });
    try {
      reader.pragma('busy_timeout = 5000');
      reader.exec('BEGIN');
      const position = reader.prepare(SELECT_CHECKPOINT).pluck(true).get(projection) as number | undefined;
      const rows = reader.prepare(SELECT_DOCUMENTS).raw(true).iterate(projection) as IterableIterator<DocumentRow>;
      for (const row of rows) {
        visit(documentOf(row));
        if (slices.due()) await slices.handBack();
      }
      reader.exec('COMMIT');
      return position ?? 0;
    } finally {
      reader.close();
    }
  }

  async save(entries: readonly ProjectionSave[]): Promise<void> {
    if (this.writes === 'bulk-load') return this.saveInChunks(entries);
    const upsert = this.db.prepare(upsertSql(1));
    const upsertRows = this.db.prepare(upsertSql(UPSERT_ROWS));
    const remove = this.db.prepare('DELETE FROM query_documents WHERE projection = ? AND collection = ? AND id = ?');
    const checkpoint = this.db.prepare('INSERT INTO projection_checkpoints (projection, position) VALUES (?, ?) ON CONFLICT DO UPDATE SET position = excluded.position');
    const ordered = entries.map((entry) => inKeyOrder(entry.changes));
    this.db
      .transaction(() => {
        // Upserts go UPSERT_ROWS to a statement: a rebuild's million rows cost a third less than one by one.
        const pending: unknown[] = [];
        for (const [i, entry] of entries.entries()) {
          for (const change of ordered[i]) {
            if (change.kind !== 'upsert') {
              remove.run(entry.projection, change.collection, change.id);
              continue;
            }
            // Serialized as it is written, so each text dies young. Serialized all before the
            // transaction (for a shorter hold of the write lock), a replay's million texts outlived
            // the young generation: the runners' save spent 37 % of its time collecting them, and
            // took 9.9-17.4 s against 5.2-7.7 s now at 10,000,000 events (test/bench/replay-bench.ts).
            pending.push(entry.projection, change.collection, change.id, JSON.stringify(change.doc));
            if (pending.length === UPSERT_ROWS * 4) {
              upsertRows.run(pending);
              pending.length = 0;
            }
          }
          checkpoint.run(entry.projection, entry.checkpoint);
        }
        for (let row = 0; row < pending.length; row += 4) upsert.run(pending.slice(row, row + 4));
      })
      .immediate();
  }

  /**
   * A replay's save: where its threads save into the same file (the runners' generation, which both
   * threads' runners go into), one writer at a time, a save in one transaction held the lock for all
   * of its seconds, serializing documents included, while the other thread's save waited (2-4 s of
   * a 10,000,000-event replay). Here each chunk is serialized
   * first and then written in a transaction of its own, so the lock is held only while SQLite
   * writes: the other thread serializes meanwhile. A generation being filled needs no atomic save
   * (see the constructor: a failed one is never served); each projection's checkpoint is written
   * with its last documents.
   */
  private async saveInChunks(entries: readonly ProjectionSave[]): Promise<void> {
    const upsertRows = this.db.prepare(upsertSql(UPSERT_ROWS));
    const upsert = this.db.prepare(upsertSql(1));
    const remove = this.db.prepare('DELETE FROM query_documents WHERE projection = ? AND collection = ? AND id = ?');
    const checkpoint = this.db.prepare('INSERT INTO projection_checkpoints (projection, position) VALUES (?, ?) ON CONFLICT DO UPDATE SET position = excluded.position');
    const chunk: BulkChunk = { rows: [], removals: [], checkpoints: [] };
    const write = this.db.transaction(() => {
      const rows = chunk.rows;
      let row = 0;
      for (; row + UPSERT_ROWS * 4 <= rows.length; row += UPSERT_ROWS * 4) upsertRows.run(rows.slice(row, row + UPSERT_ROWS * 4));
      for (; row < rows.length; row += 4) upsert.run(rows.slice(row, row + 4));
      for (const removal of chunk.removals) remove.run(removal);
      for (const done of chunk.checkpoints) checkpoint.run(done);
    });
    const flush = () => {
      write.immediate();
      chunk.rows.length = 0;
      chunk.removals.length = 0;
      chunk.checkpoints.length = 0;
    };
    for (const entry of entries) {
      for (const change of inKeyOrder(entry.changes)) {
        if (change.kind !== 'upsert') {
          chunk.removals.push([entry.projection, change.collection, change.id]);
          continue;
        }
        chunk.rows.push(entry.projection, change.collection, change.id, JSON.stringify(change.doc));
        if (chunk.rows.length === BULK_CHUNK_ROWS * 4) flush();
      }
      chunk.checkpoints.push([entry.projection, entry.checkpoint]);
    }
    flush();
  }

  async reset(projection: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM query_documents WHERE projection = ?').run(projection);
      this.db.prepare('DELETE FROM projection_checkpoints WHERE projection = ?').run(projection);
    })();
  }

  /**
   * reset, a few thousand rows per turn of the event loop: for a service removing a model it no
   * longer serves (a million documents deleted in one statement held it for seconds). The
   * checkpoint goes last, so an interrupted removal is still seen as stale and finished later.
   */
  async resetInTurns(projection: string, rowsPerTurn = 2000): Promise<void> {
    const batch = this.db.prepare(
      'DELETE FROM query_documents WHERE projection = ? AND (collection, id) IN (SELECT collection, id FROM query_documents WHERE projection = ? LIMIT ?)',
    );
    while (batch.run(projection, projection, rowsPerTurn).changes > 0) await nextTurn();
    await this.reset(projection);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Rows per multi-row upsert (its parameters stay far below SQLite's limit of 32,766). */
const UPSERT_ROWS = 50;

const upsertSql = (rows: number) =>
  `INSERT INTO query_documents (projection, collection, id, doc) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')} ON CONFLICT DO UPDATE SET doc = excluded.doc`;

/**
 * Documents per transaction of a bulk-load save: ~5 MB of text at a runner's ~1 kB, serialized
 * while the other thread writes, and young enough to die in V8's young generation.
 */
const BULK_CHUNK_ROWS = 5000;

interface BulkChunk {
  /** Upserts' parameters, four per row. */
  readonly rows: unknown[];
  readonly removals: [projection: string, collection: string, id: string][];
  readonly checkpoints: [projection: string, position: number][];
}

/** Above this many changes (a rebuild's one save), rows are written in primary-key order. */
const BULK = 10_000;

/**
 * A rebuild saves every document at once: inserted in key order, each row lands at the end of the
 * B-tree instead of splitting pages all over it (ids are text, so runner 10 sorts before runner 9).
 * A projection's changes name each document once, so their order does not matter otherwise.
 */
function inKeyOrder(changes: readonly DocumentChange[]): readonly DocumentChange[] {
  if (changes.length < BULK) return changes;
  return [...changes].sort((a, b) => (a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
