/**
 * Durable appends per second on PostgreSQL (the server on this machine, a throwaway database),
 * against a baseline measured in the same run on the same server: one transaction per append with
 * a plain INSERT, which is what an adapter without group commit does. Both are synchronous_commit
 * = on (the server's default): every acknowledged append is flushed to the WAL.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { ThrowawayDatabases } from '@app/event-store/postgres/test-fixtures/throwaway-database';

const CALLERS = Number(process.env.BENCH_PG_CALLERS ?? 100);
const SECONDS = Number(process.env.BENCH_PG_SECONDS ?? 5);

async function forSeconds(seconds: number, callers: number, append: (caller: number, i: number) => Promise<unknown>): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = 0; Date.now() < deadline; i++) {
        await append(caller, i);
        done++;
      }
    }),
  );
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}

const payload = () => ({ runnerId: 1, description: 'bench', tagList: ['linux', 'docker'], at: new Date().toISOString() });

export async function benchPostgresAppends(): Promise<string[]> {
  const databases = new ThrowawayDatabases();
  try {
    const adapterDb = await databases.create();
    const store = await PostgresEventStore.open({ connectionString: adapterDb.connectionString });
    let adapter: number;
    try {
      adapter = await forSeconds(SECONDS, CALLERS, (caller, i) =>
        store.appendToStream(`bench-${caller}`, [{ id: randomUUID(), type: 'BenchHappened', data: payload(), metadata: {} }], {
          expectedRevision: i === 0 ? 'no_stream' : i - 1,
        }),
      );
    } finally {
      await store.close();
    }

    const baselineDb = await databases.create();
    const pool = new Pool({ connectionString: baselineDb.connectionString, max: 10 });
    let baseline: number;
    try {
      await pool.query('CREATE TABLE events (position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, id uuid NOT NULL UNIQUE, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, revision))');
      baseline = await forSeconds(SECONDS, CALLERS, (caller, i) =>
        pool.query('INSERT INTO events (stream_id, revision, id, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)', [
          `bench-${caller}`, i, randomUUID(), 'BenchHappened', JSON.stringify(payload()), '{}',
        ]),
      );
    } finally {
      await pool.end();
    }
    const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
    return [
      `Durable appends on PostgreSQL, ${CALLERS} concurrent callers, ${SECONDS} s each: adapter (group commit, expected revisions, in-order positions) ${fmt(adapter)} /s; ` +
        `baseline (one INSERT per transaction, no revision check) ${fmt(baseline)} /s; adapter ${((adapter / baseline) * 100).toFixed(0)} % of baseline`,
    ];
  } finally {
    await databases.dropAll();
  }
}

if (require.main === module) {
  benchPostgresAppends().then(
    (lines) => console.log(lines.join('\n')),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
