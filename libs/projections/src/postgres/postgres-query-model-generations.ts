import { Client, Pool } from 'pg';
import type { QueryModelGenerations, Release } from '../engine/query-model-generations.port';
import type { QueryModelStore } from '../engine/query-model-store.port';
import { unclosable } from '../sqlite/sqlite-query-model-generations';
import { generationTablesSql, PostgresQueryModelStore } from './postgres-query-model-store';

export interface PostgresQueryModelGenerationsOptions {
  readonly connectionString: string;
  /** A fallback look at the pointers when a notification was missed (a dropped connection); default 2 s. */
  readonly pollIntervalMs?: number;
}

/** NOTIFY channel of promotions. */
const CHANNEL = 'runner_registry_query_model_generations';
/**
 * Advisory lock keys (two-int4 form, a space of its own beside the single-bigint keys of the relay
 * and the migrations): (GENERATION_KEY, n) for a generation's schema, (ROOT_KEY, hashtext(name))
 * for one projection's rows in the root tables, (REBUILD_KEY, 0) for the one rebuild at a time.
 */
const GENERATION_KEY = 1364543232;
const ROOT_KEY = 1364543233;
const REBUILD_KEY = 1364543234;

const schemaOf = (generation: number) => `query_models_g${generation}`;
const SCHEMA_PATTERN = /^query_models_g(\d+)$/;

/**
 * Query-model generations in PostgreSQL: generation 0 is the public tables (as always), generation
 * N the same tables in schema `query_models_gN`. Pointers live in `query_model_generations`;
 * `promote` updates them and NOTIFYs in one transaction, so every replica LISTENing hears of it as it
 * commits. Each process holds a shared advisory lock on what it serves, and `removeStale` drops only
 * what it can lock exclusively: a replica that has not swapped yet never loses its tables.
 */
export class PostgresQueryModelGenerations implements QueryModelGenerations {
  private readonly rootGeneration: QueryModelStore;
  private holder: Promise<Client> | undefined;
  private listener: Promise<Client | undefined> | undefined;
  private readonly watchers = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  private constructor(
    readonly root: QueryModelStore,
    private readonly pool: Pool,
    private readonly options: PostgresQueryModelGenerationsOptions,
  ) {
    this.rootGeneration = unclosable(root);
  }

  static async open(options: PostgresQueryModelGenerationsOptions): Promise<PostgresQueryModelGenerations> {
    const root = await PostgresQueryModelStore.open({ connectionString: options.connectionString });
    const pool = new Pool({ connectionString: options.connectionString, max: 4, connectionTimeoutMillis: 10_000 });
    pool.on('error', () => undefined);
    return new PostgresQueryModelGenerations(root, pool, options);
  }

  async current(): Promise<ReadonlyMap<string, number>> {
    const { rows } = await this.pool.query<[string, string]>({ text: 'SELECT projection, generation FROM query_model_generations', rowMode: 'array' });
    return new Map(rows.map(([projection, generation]) => [projection, Number(generation)]));
  }

  async create(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT nextval('query_model_generation_seq') AS n");
    const generation = Number(rows[0].n);
    // One simple query: PostgreSQL runs its statements as one implicit transaction, all or nothing.
    await this.pool.query(generationTablesSql(schemaOf(generation)));
    return generation;
  }

  async open(generation: number): Promise<QueryModelStore> {
    if (generation === 0) return this.rootGeneration;
    const { rows } = await this.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schemaOf(generation)]);
    if (rows.length === 0) throw new Error(`query-model generation ${generation} does not exist (schema ${schemaOf(generation)})`);
    return PostgresQueryModelStore.onPool(this.pool, schemaOf(generation));
  }

  async promote(generationOf: ReadonlyMap<string, number>): Promise<void> {
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO query_model_generations (projection, generation) SELECT * FROM unnest($1::text[], $2::bigint[])
         ON CONFLICT (projection) DO UPDATE SET generation = EXCLUDED.generation`,
        [[...generationOf.keys()], [...generationOf.values()]],
      );
      await client.query('SELECT pg_notify($1, $2)', [CHANNEL, [...new Set(generationOf.values())].join(',')]);
      await client.query('COMMIT');
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      client.release(failed);
    }
  }

  watch(listener: () => void): () => void {
    this.watchers.add(listener);
    void this.listen();
    // LISTEN tells at once; the timer covers notifications lost with a dropped connection.
    const timer = setInterval(() => {
      void this.listen();
      listener();
    }, this.options.pollIntervalMs ?? 2000);
    timer.unref();
    this.timers.add(timer);
    return () => {
      this.watchers.delete(listener);
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  async hold(projection: string, generation: number): Promise<Release> {
    const client = await this.holderClient();
    const [key, sql] = generation === 0 ? [ROOT_KEY, 'hashtext($2)'] : [GENERATION_KEY, '$2::int'];
    const value = generation === 0 ? projection : String(generation);
    await client.query(`SELECT pg_advisory_lock_shared($1, ${sql})`, [key, value]);
    return async () => {
      if (this.closed) return;
      await client.query(`SELECT pg_advisory_unlock_shared($1, ${sql})`, [key, value]).catch(() => undefined);
    };
  }

  async removeStale(projections: readonly string[]): Promise<string[]> {
    const pointers = await this.current();
    const removed: string[] = [];
    for (const projection of projections) {
      if ((pointers.get(projection) ?? 0) === 0) continue;
      const done = await this.ifUnheld(ROOT_KEY, 'hashtext($2)', projection, async (client) => {
        const { rows } = await client.query('SELECT 1 FROM projection_checkpoints WHERE projection = $1 UNION ALL SELECT 1 FROM query_documents WHERE projection = $1 LIMIT 1', [projection]);
        if (rows.length === 0) return false;
        await client.query('WITH documents AS (DELETE FROM query_documents WHERE projection = $1) DELETE FROM projection_checkpoints WHERE projection = $1', [projection]);
        return true;
      });
      if (done) removed.push(`${projection} in the public tables`);
    }
    const highest = Math.max(0, ...pointers.values());
    const inUse = new Set(pointers.values());
    const { rows } = await this.pool.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'query\\_models\\_g%'");
    for (const { nspname } of rows) {
      const generation = Number(SCHEMA_PATTERN.exec(nspname)?.[1] ?? NaN);
      // Above the highest pointer: a rebuild in progress, or one kept for inspection until the next promotion.
      if (!Number.isSafeInteger(generation) || generation >= highest || inUse.has(generation)) continue;
      const done = await this.ifUnheld(GENERATION_KEY, '$2::int', String(generation), async (client) => {
        await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
        return true;
      });
      if (done) removed.push(`schema ${nspname}`);
    }
    return removed;
  }

  async tryLockRebuild(): Promise<Release | undefined> {
    const client = new Client({ connectionString: this.options.connectionString, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, 0) AS locked', [REBUILD_KEY]);
    if (!rows[0].locked) {
      await client.end();
      return undefined;
    }
    // Ending the session releases the lock, as does the server when the process dies.
    return () => client.end();
  }

  describe(generation: number): string {
    return generation === 0 ? 'the public tables query_documents and projection_checkpoints' : `schema ${schemaOf(generation)}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    this.watchers.clear();
    const [holder, listener] = await Promise.all([this.holder?.catch(() => undefined), this.listener?.catch(() => undefined)]);
    await Promise.all([holder?.end().catch(() => undefined), listener?.end().catch(() => undefined)]);
    await this.pool.end();
    await this.root.close();
  }

  /** Runs `work` in a transaction holding the exclusive advisory lock, or skips it (false) while anyone holds it shared. */
  private async ifUnheld(key: number, sql: string, value: string, work: (client: import('pg').PoolClient) => Promise<boolean>): Promise<boolean> {
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1, ${sql}) AS locked`, [key, value]);
      const done = rows[0].locked ? await work(client) : false;
      await client.query('COMMIT');
      return done;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      client.release(failed);
    }
  }

  /** One session holds this process's shared locks for as long as it runs. */
  private holderClient(): Promise<Client> {
    this.holder ??= (async () => {
      const client = new Client({ connectionString: this.options.connectionString, connectionTimeoutMillis: 10_000 });
      // Losing it loses the locks: removeStale may then drop what this process serves, so say so loudly.
      client.on('error', (error) => console.error(`query-model generation locks lost: ${error.message}`));
      await client.connect();
      return client;
    })();
    return this.holder;
  }

  /** (Re)connects the LISTEN session when there is none. */
  private listen(): Promise<Client | undefined> {
    if (this.closed || this.watchers.size === 0) return Promise.resolve(undefined);
    this.listener ??= (async () => {
      const client = new Client({ connectionString: this.options.connectionString, connectionTimeoutMillis: 10_000 });
      const reset = () => {
        this.listener = undefined;
        void client.end().catch(() => undefined);
      };
      client.on('error', reset);
      client.on('end', () => {
        if (this.listener) this.listener = undefined;
      });
      client.on('notification', () => {
        for (const watcher of this.watchers) watcher();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        return client;
      } catch {
        reset();
        return undefined;
      }
    })();
    return this.listener;
  }
}
