import type { Pool } from 'pg';

export interface SchemaMigration {
  /** Applied in ascending order; never renumber or edit one that has shipped, add a new one. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * One lock for every component's migrations in a database: they share `schema_migrations`, and
 * CREATE TABLE IF NOT EXISTS is not safe on its own when two sessions race (both can pass the
 * existence check and one then fails on the catalog's unique index).
 */
const MIGRATION_LOCK = 'runner-registry:schema-migrations';

/**
 * Brings `component`'s schema up to date. All of it runs in one transaction under a transaction-level
 * advisory lock, so processes starting together apply each migration exactly once, a failed migration
 * leaves nothing half-done, and the lock cannot outlive a crashed process.
 */
export async function runSchemaMigrations(pool: Pool, component: string, migrations: readonly SchemaMigration[]): Promise<void> {
  const client = await pool.connect();
  let failed = false;
  try {
    // READ COMMITTED whatever the database's default: each statement after the lock must see what a
    // session that held the lock before us committed.
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATION_LOCK]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        component  TEXT        NOT NULL,
        version    INTEGER     NOT NULL,
        name       TEXT        NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (component, version)
      )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations WHERE component = $1', [component]);
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)', [
        component,
        migration.version,
        migration.name,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // Destroying the connection rather than rolling back also covers a broken one: the server aborts
    // the transaction, and releases the lock, when the session ends.
    client.release(failed);
  }
}
