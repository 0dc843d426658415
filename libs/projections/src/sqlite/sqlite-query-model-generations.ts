import Database from 'better-sqlite3';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { GenerationUse, QueryModelGenerations, Release } from '../engine/query-model-generations.port';
import type { QueryModelStore } from '../engine/query-model-store.port';
import { SqliteQueryModelStore } from './sqlite-query-model-store';

export interface SqliteQueryModelGenerationsOptions {
  /** How often `watch` looks at the pointers (a SELECT on a few rows); default 250 ms. */
  readonly pollIntervalMs?: number;
}

/**
 * Query-model generations as SQLite files in one directory: generation 0 is the root file
 * (`query-models.sqlite`), generation N is `query-models.gN.sqlite` beside it. The root file also
 * holds the pointers (`query_model_generations`) and the generation counter.
 *
 * `hold` is a no-op here: a process that still writes a generation file another process removed
 * writes to the unlinked file, which is harmless (names are never reused) and ends when it follows
 * the pointer a moment later; rows it flushes into the root for a projection served elsewhere are
 * removed by the next `removeStale`.
 */
export class SqliteQueryModelGenerations implements QueryModelGenerations {
  readonly root: QueryModelStore;
  private readonly rootStore: SqliteQueryModelStore;
  /** The root store as generation 0: one object, so a flush saves all of its projections in one transaction. */
  private readonly rootGeneration: QueryModelStore;
  private readonly db: Database.Database;
  private readonly directory: string;
  private readonly stem: string;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readPointers: Database.Statement<[], { projection: string; generation: number }> | undefined;

  private constructor(
    private readonly rootFile: string,
    private readonly options: SqliteQueryModelGenerationsOptions,
  ) {
    const root = SqliteQueryModelStore.open(rootFile);
    this.root = root;
    this.rootStore = root;
    this.rootGeneration = unclosable(root);
    this.directory = dirname(rootFile);
    this.stem = basename(rootFile).replace(/\.sqlite$/, '');
    this.db = new Database(rootFile);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS query_model_generations (projection TEXT PRIMARY KEY, generation INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS query_model_generation_sequence (generation INTEGER PRIMARY KEY AUTOINCREMENT);
    `);
  }

  /** `rootFile`: DATA_DIR/query-models.sqlite. */
  static open(rootFile: string, options: SqliteQueryModelGenerationsOptions = {}): SqliteQueryModelGenerations {
    return new SqliteQueryModelGenerations(rootFile, options);
  }

  file(generation: number): string {
    return generation === 0 ? this.rootFile : join(this.directory, `${this.stem}.g${generation}.sqlite`);
  }

  async current(): Promise<ReadonlyMap<string, number>> {
    // Asked every 250 ms by every follower: the statement is prepared once.
    this.readPointers ??= this.db.prepare<[], { projection: string; generation: number }>('SELECT projection, generation FROM query_model_generations');
    const rows = this.readPointers.all();
    return new Map(rows.map((row) => [row.projection, row.generation]));
  }

  /** A new generation's file is not in WAL mode until promote seals it: a replay's connections fill it without a journal. */
  async create(): Promise<number> {
    const generation = Number(this.db.prepare('INSERT INTO query_model_generation_sequence DEFAULT VALUES').run().lastInsertRowid);
    await SqliteQueryModelStore.open(this.file(generation), 'bulk-load').close();
    return generation;
  }

  async open(generation: number, use: GenerationUse = 'serve'): Promise<QueryModelStore> {
    if (generation === 0) return this.rootGeneration;
    if (!existsSync(this.file(generation))) throw new Error(`query-model generation ${generation} does not exist (${this.file(generation)})`);
    return SqliteQueryModelStore.open(this.file(generation), use === 'rebuild' ? 'bulk-load' : 'serve');
  }

  async promote(generationOf: ReadonlyMap<string, number>): Promise<void> {
    for (const generation of new Set(generationOf.values())) if (generation !== 0) SqliteQueryModelStore.sealForServing(this.file(generation));
    const point = this.db.prepare('INSERT INTO query_model_generations (projection, generation) VALUES (?, ?) ON CONFLICT DO UPDATE SET generation = excluded.generation');
    this.db.transaction(() => {
      for (const [projection, generation] of generationOf) point.run(projection, generation);
    })();
  }

  watch(listener: () => void): () => void {
    const timer = setInterval(listener, this.options.pollIntervalMs ?? 250);
    timer.unref();
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  async hold(): Promise<Release> {
    return async () => undefined;
  }

  async removeStale(projections: readonly string[]): Promise<string[]> {
    const pointers = await this.current();
    const removed: string[] = [];
    for (const projection of projections) {
      if ((pointers.get(projection) ?? 0) === 0) continue;
      const stale = this.db.prepare('SELECT 1 FROM projection_checkpoints WHERE projection = ? UNION ALL SELECT 1 FROM query_documents WHERE projection = ? LIMIT 1').get(projection, projection);
      if (!stale) continue;
      // While the service serves: a few thousand rows per turn of the event loop.
      await this.rootStore.resetInTurns(projection);
      removed.push(`${projection} in ${this.rootFile}`);
    }
    const highest = Math.max(0, ...pointers.values());
    const inUse = new Set(pointers.values());
    const pattern = new RegExp(`^${this.stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.g(\\d+)\\.sqlite$`);
    for (const name of readdirSync(this.directory)) {
      const generation = Number(pattern.exec(name)?.[1] ?? NaN);
      // Above the highest pointer: a rebuild in progress, or one kept for inspection until the next promotion.
      if (!Number.isSafeInteger(generation) || generation >= highest || inUse.has(generation)) continue;
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(this.directory, name + suffix), { force: true });
      removed.push(join(this.directory, name));
    }
    return removed;
  }

  /** The relay's trick (SqliteRelayLeaseProvider): a file held in EXCLUSIVE locking mode is the lock; the kernel drops it with the process. */
  async tryLockRebuild(): Promise<Release | undefined> {
    const lock = new Database(join(this.directory, `${this.stem}.rebuild.lock`), { timeout: 0 });
    try {
      lock.pragma('locking_mode = EXCLUSIVE');
      lock.exec('BEGIN IMMEDIATE');
      lock.exec('CREATE TABLE IF NOT EXISTS rebuild_lock (held INTEGER)');
      lock.exec('COMMIT');
    } catch (error) {
      lock.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return undefined;
      throw error;
    }
    return async () => {
      if (lock.open) lock.close();
    };
  }

  describe(generation: number): string {
    return this.file(generation);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    if (this.db.open) this.db.close();
    await this.root.close();
  }
}

/** The root store handed out as a generation: its owner (the generations object) closes it. */
export function unclosable(store: QueryModelStore): QueryModelStore {
  return {
    load: (projection) => store.load(projection),
    ...(store.loadEach ? { loadEach: store.loadEach.bind(store) } : {}),
    save: (entries) => store.save(entries),
    reset: (projection) => store.reset(projection),
    ping: () => store.ping(),
    close: async () => undefined,
  };
}
