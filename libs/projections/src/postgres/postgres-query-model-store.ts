import { runSchemaMigrations, type SchemaMigration } from '@app/event-store';
import { Pool, PoolClient } from 'pg';
import type { LoadEachOptions, PersistedDocument, ProjectionSave, QueryModelStore } from '../engine/query-model-store.port';

/** Rows a loadEach fetches at a time: a few milliseconds of a runner model's hydration. */
const FETCH_ROWS = 500;

export interface PostgresQueryModelStoreOptions {
  readonly connectionString: string;
  /** Default 4: the projection engine saves one flush at a time. */
  readonly poolSize?: number;
}

/**
 * The same tables as SqliteQueryModelStore. `doc` is `json`, which keeps each document's text as
 * written (jsonb would refuse some strings JSON.stringify produces, and reorder keys).
 */
const MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'query documents and projection checkpoints',
    sql: `
      CREATE TABLE query_documents (
        projection TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, doc JSON NOT NULL,
        PRIMARY KEY (projection, collection, id)
      );
      CREATE TABLE projection_checkpoints (projection TEXT PRIMARY KEY, position BIGINT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'query-model generations: a pointer per projection and a generation counter',
    sql: `
      CREATE TABLE query_model_generations (projection TEXT PRIMARY KEY, generation BIGINT NOT NULL);
      CREATE SEQUENCE query_model_generation_seq;
    `,
  },
];

/** The tables of one generation (see PostgresQueryModelGenerations), the same as migration 1's. */
export function generationTablesSql(schema: string): string {
  return `
    CREATE SCHEMA ${schema};
    CREATE TABLE ${schema}.query_documents (
      projection TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, doc JSON NOT NULL,
      PRIMARY KEY (projection, collection, id)
    );
    CREATE TABLE ${schema}.projection_checkpoints (projection TEXT PRIMARY KEY, position BIGINT NOT NULL);
  `;
}

/** Rows per statement: large enough that a flush is a handful of round trips, small enough to bound one message. */
const ROWS_PER_STATEMENT = 5000;

/** The statements over one generation's tables: the public ones (generation 0) or a generation's schema. */
function statements(schema: string | null) {
  const documents = schema ? `${schema}.query_documents` : 'query_documents';
  const checkpoints = schema ? `${schema}.projection_checkpoints` : 'projection_checkpoints';
  return {
    selectCheckpoint: `SELECT position FROM ${checkpoints} WHERE projection = $1`,
    selectDocuments: `SELECT collection, id, doc FROM ${documents} WHERE projection = $1`,
    deleteDocuments: `
      DELETE FROM ${documents} d USING unnest($1::text[], $2::text[], $3::text[]) AS k(projection, collection, id)
      WHERE d.projection = k.projection AND d.collection = k.collection AND d.id = k.id`,
    upsertDocuments: `
      INSERT INTO ${documents} (projection, collection, id, doc)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::json[])
      ON CONFLICT (projection, collection, id) DO UPDATE SET doc = EXCLUDED.doc`,
    upsertCheckpoints: `
      INSERT INTO ${checkpoints} (projection, position)
      SELECT * FROM unnest($1::text[], $2::bigint[])
      ON CONFLICT (projection) DO UPDATE SET position = EXCLUDED.position`,
    reset: `WITH documents AS (DELETE FROM ${documents} WHERE projection = $1) DELETE FROM ${checkpoints} WHERE projection = $1`,
  };
}

type Key = readonly [projection: string, collection: string, id: string];

/** Query documents in PostgreSQL, so several processes (or a rebuild beside the live one) can share them. */
export class PostgresQueryModelStore implements QueryModelStore {
  private closing: Promise<void> | undefined;
  private readonly sql: ReturnType<typeof statements>;

  private constructor(
    private readonly pool: Pool,
    schema: string | null,
    private readonly ownsPool: boolean,
  ) {
    this.sql = statements(schema);
  }

  /** A generation's tables in `schema` (already created), over a pool its owner ends. */
  static onPool(pool: Pool, schema: string | null): PostgresQueryModelStore {
    return new PostgresQueryModelStore(pool, schema, false);
  }

  /** Connects and brings the schema up to date; safe when several processes open at once. */
  static async open(options: PostgresQueryModelStoreOptions): Promise<PostgresQueryModelStore> {
    // The timeout: a server that stops answering must fail a flush, not hang it forever.
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 4, connectionTimeoutMillis: 10_000 });
    // See PostgresEventStore.open: a dead idle connection must not crash the process.
    pool.on('error', () => undefined);
    try {
      await runSchemaMigrations(pool, 'query-model-store', MIGRATIONS);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresQueryModelStore(pool, null, true);
  }

  /** Checkpoint and documents from one snapshot, so they always belong to the same save. */
  async load(projection: string): Promise<{ checkpoint: number; documents: PersistedDocument[] }> {
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      const checkpoint = await client.query<[string]>({
        text: this.sql.selectCheckpoint,
        values: [projection],
        rowMode: 'array',
      });
      const documents = await client.query<[string, string, unknown]>({
        text: this.sql.selectDocuments,
        values: [projection],
        rowMode: 'array',
      });
      return {
        checkpoint: checkpoint.rows.length > 0 ? Number(checkpoint.rows[0][0]) : 0,
        documents: documents.rows.map(([collection, id, doc]) => ({ collection, id, doc })),
      };
    });
  }

  /**
   * load, one document at a time, from the same snapshot: a cursor fetched FETCH_ROWS rows at a
   * time, so a million documents never sit in memory as rows and as the projection keeps them, and
   * the event loop gets a turn at every fetch (and whenever `slices` say).
   */
  async loadEach(projection: string, visit: (document: PersistedDocument) => void, options: LoadEachOptions = {}): Promise<number> {
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      const checkpoint = await client.query<[string]>({ text: this.sql.selectCheckpoint, values: [projection], rowMode: 'array' });
      await client.query({ text: `DECLARE query_documents_load NO SCROLL CURSOR FOR ${this.sql.selectDocuments}`, values: [projection] });
      for (;;) {
        const batch = await client.query<[string, string, unknown]>({ text: `FETCH ${FETCH_ROWS} FROM query_documents_load`, rowMode: 'array' });
        for (const [collection, id, doc] of batch.rows) {
          visit({ collection, id, doc });
          if (options.slices?.due()) await options.slices.handBack();
        }
        if (batch.rows.length < FETCH_ROWS) break;
      }
      return checkpoint.rows.length > 0 ? Number(checkpoint.rows[0][0]) : 0;
    });
  }

  /**
   * One transaction for all entries. Changes are folded first (the last change to a document wins,
   * as if applied in order), which leaves each document at most once: one multi-row DELETE and one
   * multi-row upsert then do the work, and ON CONFLICT never meets the same key twice in a statement.
   */
  async save(entries: readonly ProjectionSave[]): Promise<void> {
    const changes = new Map<string, { key: Key; doc?: string }>();
    const checkpoints = new Map<string, number>();
    for (const entry of entries) {
      for (const change of entry.changes) {
        const key: Key = [entry.projection, change.collection, change.id];
        changes.set(JSON.stringify(key), { key, doc: change.kind === 'upsert' ? toJson(change.doc) : undefined });
      }
      checkpoints.set(entry.projection, entry.checkpoint);
    }
    const deletes = [...changes.values()].filter((change) => change.doc === undefined);
    const upserts = [...changes.values()].filter((change) => change.doc !== undefined);
    if (checkpoints.size === 0) return;
    await this.transaction('BEGIN', async (client) => {
      for (const chunk of chunks(deletes)) {
        await client.query(this.sql.deleteDocuments, columns(chunk.map(({ key }) => key), 3));
      }
      for (const chunk of chunks(upserts)) {
        await client.query(this.sql.upsertDocuments, columns(chunk.map(({ key, doc }) => [...key, doc!]), 4));
      }
      if (checkpoints.size > 0) await client.query(this.sql.upsertCheckpoints, [[...checkpoints.keys()], [...checkpoints.values()]]);
    });
  }

  async reset(projection: string): Promise<void> {
    this.assertOpen();
    // One statement, hence atomic without an explicit transaction.
    await this.pool.query(this.sql.reset, [projection]);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.pool.query('SELECT 1');
  }

  /** Calling it again is harmless; a store on a shared pool (onPool) leaves the pool open. */
  close(): Promise<void> {
    this.closing ??= this.ownsPool ? this.pool.end() : Promise.resolve();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('PostgresQueryModelStore is closed');
  }

  private async transaction<T>(begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    this.assertOpen();
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // Destroying the connection rolls back whatever it was in the middle of, even if it is broken.
      client.release(failed);
    }
  }
}

function toJson(doc: unknown): string {
  const json = JSON.stringify(doc);
  if (json === undefined) throw new TypeError('A query document must be JSON-serializable');
  return json;
}

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) result.push(items.slice(i, i + ROWS_PER_STATEMENT));
  return result;
}

/** Rows to one array per column, the shape unnest() takes. */
function columns(rows: ReadonlyArray<readonly string[]>, width: number): string[][] {
  const result = Array.from({ length: width }, () => new Array<string>(rows.length));
  rows.forEach((row, r) => row.forEach((value, c) => (result[c][r] = value)));
  return result;
}
