import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ThrowawayDatabases, type ThrowawayDatabase } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../../../test/support/fixture-directory';
import { startServiceProcess, type ServiceProcess } from '../../../test/support/service-process';

/**
 * `replay` swapping rebuilt query models into a RUNNING service (the built service as its own OS
 * process, the built CLI as another), on SQLite and on PostgreSQL: a corrupted live model is
 * detected (checksums differ), the rebuild replaces it in the running service, and requests keep
 * answering 200 throughout. `npm test` builds first; run `npm run build` before running this alone.
 */
const ROOT_DIR = resolve(__dirname, '../../..');
const CLI = join(ROOT_DIR, 'dist/apps/runner-cli/src/main.js');
const ROOT = { 'private-token': patOf('root') };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string>): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd: ROOT_DIR, env: { PATH: process.env.PATH ?? '', DATABASE_URL: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const rows = (run: Run) => run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const comparisons = (run: Run) => Object.fromEntries(rows(run).filter((r) => 'equal' in r).map((r) => [r.projection as string, r.equal]));

/** Where the live query models are, so the spec can corrupt one and look at generations, per backend. */
interface Backend {
  readonly env: Record<string, string>;
  /** Overwrites one runner document's description in the generation serving runners. */
  tamper(runnerId: number, description: string): Promise<void>;
  /** projection → generation, as the pointers say. */
  pointers(): Promise<Record<string, number>>;
  /** Runner documents still stored in generation 0 (the root tables/file). */
  rootRunnerRows(): Promise<number>;
  /** Generations (besides 0) that exist. */
  generations(): Promise<number[]>;
}

function sqliteBackend(dataDir: string): Backend {
  const withDb = async <T>(file: string, work: (db: Database.Database) => T): Promise<T> => {
    const db = new Database(file);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const root = join(dataDir, 'query-models.sqlite');
  const backend: Backend = {
    env: { DATA_DIR: dataDir },
    async tamper(runnerId, description) {
      const generation = (await backend.pointers()).runners ?? 0;
      await withDb(generation === 0 ? root : join(dataDir, `query-models.g${generation}.sqlite`), (db) => {
        const row = db.prepare("SELECT doc FROM query_documents WHERE projection = 'runners' AND collection = 'runners' AND id = ?").get(String(runnerId)) as { doc: string };
        db.prepare("UPDATE query_documents SET doc = ? WHERE projection = 'runners' AND collection = 'runners' AND id = ?").run(JSON.stringify({ ...JSON.parse(row.doc), description }), String(runnerId));
      });
    },
    pointers: () =>
      withDb(root, (db) => {
        const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'query_model_generations'").get();
        if (!exists) return {};
        return Object.fromEntries((db.prepare('SELECT projection, generation FROM query_model_generations').all() as { projection: string; generation: number }[]).map((r) => [r.projection, r.generation]));
      }),
    rootRunnerRows: () => withDb(root, (db) => (db.prepare("SELECT count(*) AS n FROM query_documents WHERE projection = 'runners'").get() as { n: number }).n),
    generations: async () =>
      readdirSync(dataDir)
        .map((name) => /^query-models\.g(\d+)\.sqlite$/.exec(name)?.[1])
        .filter((g): g is string => g !== undefined)
        .map(Number)
        .sort((a, b) => a - b),
  };
  return backend;
}

function postgresBackend(dataDir: string, database: ThrowawayDatabase): Backend {
  const withClient = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const backend: Backend = {
    env: { DATA_DIR: dataDir, DATABASE_URL: database.connectionString },
    async tamper(runnerId, description) {
      const generation = (await backend.pointers()).runners ?? 0;
      const table = generation === 0 ? 'query_documents' : `query_models_g${generation}.query_documents`;
      await withClient(async (client) => {
        const { rowCount } = await client.query(
          `UPDATE ${table} SET doc = (doc::jsonb || jsonb_build_object('description', $2::text))::json WHERE projection = 'runners' AND collection = 'runners' AND id = $1`,
          [String(runnerId), description],
        );
        expect(rowCount).toBe(1);
      });
    },
    pointers: () =>
      withClient(async (client) => {
        const { rows: found } = await client.query("SELECT to_regclass('query_model_generations') AS t");
        if (found[0].t === null) return {};
        const { rows: pointers } = await client.query<{ projection: string; generation: string }>('SELECT projection, generation FROM query_model_generations');
        return Object.fromEntries(pointers.map((r) => [r.projection, Number(r.generation)]));
      }),
    rootRunnerRows: () => withClient(async (client) => Number((await client.query("SELECT count(*) AS n FROM query_documents WHERE projection = 'runners'")).rows[0].n)),
    generations: () =>
      withClient(async (client) =>
        (await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'query\\_models\\_g%'")).rows
          .map((r) => Number(r.nspname.slice('query_models_g'.length)))
          .sort((a, b) => a - b),
      ),
  };
  return backend;
}

/** Light read load (and a trickle of writes), recording every status, until stopped. */
function readLoad(service: ServiceProcess, runnerIds: number[]) {
  const statuses = new Map<number, number>();
  let running = true;
  let writes = 0;
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const reader = async () => {
    for (let i = 0; running; i++) {
      const path = i % 3 === 0 ? '/api/v4/runners/all?per_page=100' : `/api/v4/runners/${runnerIds[i % runnerIds.length]}`;
      count((await fetch(service.url + path, { headers: ROOT })).status);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const writer = async () => {
    while (running) {
      const response = await fetch(`${service.url}/api/v4/runners/${runnerIds[1]}`, {
        method: 'PUT',
        headers: { ...ROOT, 'content-type': 'application/json' },
        body: JSON.stringify({ description: `written during the swap ${++writes}` }),
      });
      count(response.status);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const done = Promise.all([reader(), reader(), writer()]);
  return {
    statuses,
    get writes() {
      return writes;
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

async function register(service: ServiceProcess, description: string): Promise<number> {
  const response = await fetch(`${service.url}/api/v4/runners`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: INSTANCE_REGISTRATION_TOKEN, description }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

const description = async (service: ServiceProcess, id: number) => ((await (await fetch(`${service.url}/api/v4/runners/${id}`, { headers: ROOT })).json()) as { description: string }).description;

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('runner-cli replay swaps into a running service (%s)', (_name, postgres) => {
  const databases = new ThrowawayDatabases();
  let dataDir: string;
  let backend: Backend;
  let service: ServiceProcess | undefined;
  const start = async () => (service = await startServiceProcess({ ...backend.env, KAFKA_BROKERS: '', STATUS_MONITOR_INTERVAL_MS: '0' }));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rr-replay-swap-'));
    backend = postgres ? postgresBackend(dataDir, await databases.create()) : sqliteBackend(dataDir);
  });

  afterAll(async () => {
    await service?.kill();
    await databases.dropAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('detects a corrupted live model, swaps the rebuild in under read load with 200s throughout, and keeps following the log in the new generation', async () => {
    let running = await start();
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await register(running, `runner ${i}`));
    // Persisted (the engine flushes on shutdown), then corrupted behind the service's back.
    await running.kill();
    await backend.tamper(ids[0], 'tampered');
    running = await start();
    expect(await description(running, ids[0])).toBe('tampered');

    const load = readLoad(running, ids);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const run = await cli(['replay'], backend.env);
      expect(run.stderr).toContain('promoted');
      expect(run.code).toBe(1);
      expect(comparisons(run)).toEqual({ directory: true, runners: false, jobs: true, 'status-history': true });
      const generation = (await backend.pointers()).runners;
      expect(generation).toBeGreaterThan(0);
      // The worker thread's query models in a generation of their own, promoted in the same step.
      const workers = (await backend.pointers()).jobs;
      expect(workers).toBeGreaterThan(generation);
      expect(await backend.pointers()).toEqual({ directory: workers, runners: generation, jobs: workers, 'status-history': generation });

      // The running service swaps the rebuilt model in: the corruption is gone without a restart.
      await eventually(async () => (await description(running, ids[0])) === 'runner 0');
      // ...and removes the generation it left (the root tables' query models).
      await eventually(async () => (await backend.rootRunnerRows()) === 0);
      const writesAtSwap = load.writes;
      await eventually(async () => load.writes > writesAtSwap + 3);
      const after = await register(running, 'after the swap');
      expect(await description(running, after)).toBe('after the swap');
    } finally {
      await load.stop();
    }
    // Every request answered 200 throughout.
    expect(Object.fromEntries(load.statuses)).toEqual({ 200: expect.any(Number) });
    expect(load.statuses.get(200)).toBeGreaterThan(50);

    // What the service wrote after the swap went to the new generation: a rebuild now equals it.
    await running.kill();
    const verify = await cli(['replay', '--no-swap'], backend.env);
    expect(verify.code).toBe(0);
    expect(comparisons(verify)).toEqual({ directory: true, runners: true, jobs: true, 'status-history': true });
    const lines = rows(verify);
    expect(lines.find((r) => r.projection === 'runners' && 'documents' in r)!.documents).toBe(ids.length + 2); // + 'after the swap' + the meta document
  });

  it('a swap promoted while the service is stopped applies at its next start, which removes the older generations', async () => {
    const before = (await backend.pointers()).runners;
    const run = await cli(['replay', '--projection', 'runners'], backend.env);
    expect(run.code).toBe(0);
    const promoted = (await backend.pointers()).runners;
    expect(promoted).toBeGreaterThan(before);
    // The previous generation is still there (kept by the --no-swap run too) until a service starts.
    expect((await backend.generations()).length).toBeGreaterThan(1);

    const running = await start();
    expect(await description(running, 1)).toBeDefined();
    const generations = await backend.generations();
    // Only what a pointer names survives: the runners generation and the one serving directory and jobs.
    expect(generations).toEqual([...new Set(Object.values(await backend.pointers()))].sort((a, b) => a - b));
    expect(generations).toContain(promoted);
  });
});
