import { runSchemaMigrations, type SchemaMigration } from '@app/event-store';
import { Client, Pool } from 'pg';
import type { RelayLease, RelayLeaseProvider } from './relay-lease';

const MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'kafka relay checkpoints',
    sql: `CREATE TABLE kafka_relay_checkpoints (
            topic    TEXT        PRIMARY KEY,
            position BIGINT      NOT NULL,
            saved_at TIMESTAMPTZ NOT NULL DEFAULT now()
          )`,
  },
];

export interface PostgresRelayLeaseOptions {
  readonly connectionString: string;
  readonly topic: string;
  /** How often the holder checks that its session (and so its lock) is alive. Default 5 000 ms. */
  readonly heartbeatMs?: number;
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Lease and checkpoint in the PostgreSQL database that holds the log and the query models.
 *
 * The lease is a session-level advisory lock (pg_try_advisory_lock) held by one dedicated connection.
 * When the holder dies, its session ends and PostgreSQL releases the lock: the next replica to try
 * takes over. The holder saves its checkpoint through that same connection, so a save that succeeds
 * proves the lock was still held (a holder whose session was cut can never overwrite its successor's
 * checkpoint); a broken connection or a failed heartbeat marks the lease lost, and the relay stops.
 */
export class PostgresRelayLeaseProvider implements RelayLeaseProvider {
  private readonly pool: Pool;
  private migrated: Promise<void> | undefined;
  private readonly lockName: string;

  constructor(private readonly options: PostgresRelayLeaseOptions) {
    this.lockName = `runner-registry:kafka-relay:${options.topic}`;
    this.pool = new Pool({ connectionString: options.connectionString, max: 1, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    this.pool.on('error', () => undefined);
  }

  async tryAcquire(): Promise<RelayLease | undefined> {
    await this.migrate();
    const client = new Client({ connectionString: this.options.connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    let markLost!: (why: unknown) => void;
    const lost = new Promise<unknown>((resolve) => (markLost = resolve));
    client.on('error', (error) => markLost(error));
    client.on('end', () => markLost(new Error('relay lease connection ended')));
    await client.connect();
    let held = false;
    try {
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held', [this.lockName]);
      held = rows[0].held;
    } finally {
      if (!held) await client.end().catch(() => undefined);
    }
    if (!held) return undefined;

    const topic = this.options.topic;
    const heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((error) => markLost(error));
    }, this.options.heartbeatMs ?? 5_000);
    heartbeat.unref();
    let released = false;
    void lost.then(() => clearInterval(heartbeat));
    return {
      checkpoint: {
        load: async () => {
          const { rows } = await client.query<{ position: string }>('SELECT position FROM kafka_relay_checkpoints WHERE topic = $1', [topic]);
          return rows.length === 0 ? 0 : Number(rows[0].position);
        },
        save: async (position) => {
          await client.query(
            `INSERT INTO kafka_relay_checkpoints (topic, position, saved_at) VALUES ($1, $2, now())
             ON CONFLICT (topic) DO UPDATE SET position = excluded.position, saved_at = excluded.saved_at`,
            [topic, position],
          );
        },
      },
      lost,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        // Ending the session releases the advisory lock with it.
        await client.end().catch(() => undefined);
      },
    };
  }

  async readCheckpoint(): Promise<number | undefined> {
    await this.migrate();
    const { rows } = await this.pool.query<{ position: string }>('SELECT position FROM kafka_relay_checkpoints WHERE topic = $1', [this.options.topic]);
    return rows.length === 0 ? 0 : Number(rows[0].position);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private migrate(): Promise<void> {
    this.migrated ??= runSchemaMigrations(this.pool, 'kafka-relay', MIGRATIONS);
    this.migrated.catch(() => (this.migrated = undefined)); // retried on the next call
    return this.migrated;
  }
}
