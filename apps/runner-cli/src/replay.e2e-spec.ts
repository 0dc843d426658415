import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runnerStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../test/support/fixture-directory';
import { startTestApp } from '../../../test/support/test-app';
import { EVENT_STORE } from '../../runner-registry/src/kernel/tokens';
import { jobEvent, recordJobs } from '../../../test/support/job-events';

/**
 * `replay`, run as the built CLI (dist/apps/runner-cli/src/main.js) against the data directory of
 * a stopped test app (the service is not running: a swap applies at its next start; see
 * replay-swap.e2e-spec.ts for a running one). `npm test` builds first; run `npm run build` before
 * running this spec alone.
 */
const ROOT_DIR = resolve(__dirname, '../../..');
const CLI = join(ROOT_DIR, 'dist/apps/runner-cli/src/main.js');
const BOB = patOf('bob');
const QUERY_MODELS = ['directory', 'runners', 'jobs', 'status-history'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
interface Summary {
  projection: string;
  documents: number;
  checkpoint: number;
  checksum: string;
}
interface Comparison {
  projection: string;
  live_checksum: string;
  rebuilt_checksum: string;
  equal: boolean;
}

describe('runner-cli replay (built, as a child process)', () => {
  let dataDir: string;
  let head: number;
  let deletionPosition: number;

  const cli = async (args: string[], env: Record<string, string> = { DATA_DIR: dataDir }): Promise<Run> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
        cwd: ROOT_DIR,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: '', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number') throw error;
      return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };
  const parse = <T>(run: Run): T[] => run.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as T);
  const byName = <T extends { projection: string }>(rows: T[]) => Object.fromEntries(rows.map((row) => [row.projection, row]));
  const rootFile = () => join(dataDir, 'query-models.sqlite');
  const generationFiles = () => readdirSync(dataDir).filter((name) => /^query-models\.g\d+\.sqlite$/.test(name)).sort();
  const pointers = () => {
    const db = new Database(rootFile(), { readonly: true });
    try {
      return Object.fromEntries((db.prepare('SELECT projection, generation FROM query_model_generations').all() as { projection: string; generation: number }[]).map((r) => [r.projection, r.generation]));
    } finally {
      db.close();
    }
  };
  /** The live documents of one projection: where its pointer says (generation 0 is the root file). */
  const liveFile = (projection: string) => {
    const generation = pointers()[projection] ?? 0;
    return generation === 0 ? rootFile() : join(dataDir, `query-models.g${generation}.sqlite`);
  };
  const liveRows = (projection: string) => {
    const db = new Database(liveFile(projection), { readonly: true });
    try {
      return db.prepare('SELECT * FROM query_documents WHERE projection = ? ORDER BY 1, 2, 3').all(projection);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
    const app = await startTestApp();
    dataDir = app.config.dataDir;
    try {
      const registered = await app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1), description: 'replay one' } });
      expect(registered.status).toBe(201);
      const runnerId: number = registered.json().id;
      expect((await app.request('PUT', `/api/v4/runners/${runnerId}`, { token: BOB, payload: { description: 'replay renamed', paused: true } })).status).toBe(200);
      const doomed = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN, description: 'doomed' } });
      const doomedId: number = doomed.json().id;
      await recordJobs(app, [jobEvent(1, runnerId), jobEvent(2, doomedId)]);
      expect((await app.request('DELETE', `/api/v4/runners/${doomedId}`, { token: patOf('root') })).status).toBe(204);

      const store = app.app.get<symbol, EventStore>(EVENT_STORE);
      const doomedEvents = await store.readStream(runnerStreamId(doomedId));
      expect(doomedEvents.at(-1)?.type).toBe('RunnerDeleted');
      deletionPosition = doomedEvents.at(-1)!.position;
      head = await store.headPosition();
    } finally {
      await app.stop();
    }
  });

  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('help lists replay and its options', async () => {
    const run = await cli(['help']);
    expect(run.code).toBe(0);
    for (const text of ['replay [--projection NAMES] [--no-swap] [--until ISO|POSITION]', '--no-swap', '--projection NAMES', 'query-models.gN.sqlite', 'query_models_gN', 'never swapped in']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('replay shows its progress on stderr: plain lines with events/s and ETA when stderr is not a terminal', async () => {
    const run = await cli(['replay', '--no-swap']);
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('replay: '));
    expect(lines.at(-1)).toMatch(new RegExp(`^replay: ${head.toLocaleString('en-US')} / ${head.toLocaleString('en-US')} events \\(100 %\\), [\\d,]+ events/s, ETA 0 s$`));
    // The progress never reaches stdout, which carries the JSON rows.
    expect(run.stdout).not.toContain('events/s');
  });

  it('replay --no-swap: rebuilds every projection into a new generation, checksums equal the live models, nothing swapped, exit 0', async () => {
    const liveBefore = QUERY_MODELS.map(liveRows);
    const run = await cli(['replay', '--no-swap']);
    // A generation per thread: the runners' and the worker's.
    expect(run.stderr).toMatch(/generation \d+ \(.*query-models\.g\d+\.sqlite: runners, status-history\) and generation \d+ \(.*query-models\.g\d+\.sqlite: directory, jobs\)/);
    expect(run.stderr).toContain('not swapped in');
    expect(run.code).toBe(0);
    const rows = parse<Summary & Comparison>(run);
    expect(rows).toHaveLength(2 * QUERY_MODELS.length);
    const summaries = rows.slice(0, QUERY_MODELS.length) as Summary[];
    expect(summaries.map((s) => s.projection)).toEqual(['directory', 'runners', 'jobs', 'status-history']);
    for (const summary of summaries) {
      expect(Object.keys(summary)).toEqual(['projection', 'documents', 'checkpoint', 'checksum']);
      expect(summary).toMatchObject({ checkpoint: head, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    expect(byName(summaries).jobs.documents).toBeGreaterThanOrEqual(2);
    const comparisons = rows.slice(QUERY_MODELS.length) as Comparison[];
    expect(comparisons.map((c) => c.projection)).toEqual(QUERY_MODELS);
    for (const comparison of comparisons) {
      expect(Object.keys(comparison)).toEqual(['projection', 'live_checksum', 'rebuilt_checksum', 'equal']);
      expect(comparison.equal).toBe(true);
      expect(comparison.live_checksum).toBe(byName(summaries)[comparison.projection].checksum);
    }
    expect(generationFiles().length).toBeGreaterThanOrEqual(1);
    // The live models are only read, and still served from the root file.
    expect(pointers()).toEqual({});
    expect(QUERY_MODELS.map(liveRows)).toEqual(liveBefore);
  });

  it('--verify is the old name of --no-swap', async () => {
    const run = await cli(['replay', '--verify']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('not swapped in');
    expect(pointers()).toEqual({});
  });

  it('replay --until <position before a deletion>: the deleted runner is still there; never swapped in', async () => {
    const full = byName(parse<Summary>(await cli(['replay', '--no-swap'])).filter((row) => 'documents' in row));
    const run = await cli(['replay', '--until', String(deletionPosition - 1)]);
    expect(run.code).toBe(0);
    const partial = byName(parse<Summary>(run));
    expect(partial.runners.documents).toBe(full.runners.documents + 1);
    expect(partial.runners.checkpoint).toBe(deletionPosition - 1);
    expect(partial.runners.checksum).not.toBe(full.runners.checksum);
    expect(parse<Comparison>(run).some((row) => 'equal' in row)).toBe(false);
    expect(run.stderr).toContain('not swapped in');
    expect(pointers()).toEqual({});
  });

  it('replay --until <ISO time before everything>: empty models at checkpoint 0', async () => {
    const run = await cli(['replay', '--until', '2000-01-01T00:00:00Z']);
    expect(run.code).toBe(0);
    for (const summary of parse<Summary>(run)) expect(summary).toMatchObject({ documents: 0, checkpoint: 0 });
  });

  it('usage errors exit 2: --no-swap/--verify with --until, replay options on another command, a bad --until or --projection', async () => {
    for (const args of [
      ['replay', '--verify', '--until', '3'],
      ['replay', '--no-swap', '--until', '3'],
      ['export', '--verify'],
      ['export', '--projection', 'runners'],
      ['replay', '--until', 'yesterday'],
      ['replay', '--projection', 'runners,nope'],
      ['replay', '--projection', 'runners,runners'],
      ['replay', 'extra'],
    ]) {
      expect((await cli(args)).code).toBe(2);
    }
  });

  it('replay --projection runners: swaps in only that query model; the next start serves it from the new generation', async () => {
    const run = await cli(['replay', '--projection', 'runners']);
    expect(run.code).toBe(0);
    const rows = parse<Summary & Comparison>(run);
    expect(rows.map((row) => row.projection)).toEqual(['runners', 'runners']);
    expect(rows[1].equal).toBe(true);
    expect(run.stderr).toContain('promoted');
    const generation = pointers().runners;
    expect(generation).toBeGreaterThan(0);
    expect(pointers()).toEqual({ runners: generation });
    expect(liveRows('runners')).toHaveLength(rows[0].documents);
    // The previous generation (the root file's runners rows) is the service's to remove, after its swap or at its next start (or the next replay's: below).
    const root = new Database(rootFile(), { readonly: true });
    try {
      expect(root.prepare("SELECT count(*) AS n FROM query_documents WHERE projection = 'runners'").get()).toEqual({ n: rows[0].documents });
    } finally {
      root.close();
    }
  });

  it('a replay first removes what earlier replays superseded while no service ran; what it supersedes itself stays until a service swaps', async () => {
    const superseded = pointers().runners;
    expect(superseded).toBeGreaterThan(0);
    // Left by the tests above: the --no-swap and --until rebuilds, and the root file's runners rows.
    expect(generationFiles().length).toBeGreaterThan(1);
    const rootRunnerRows = () => {
      const root = new Database(rootFile(), { readonly: true });
      try {
        return (root.prepare("SELECT count(*) AS n FROM query_documents WHERE projection = 'runners'").get() as { n: number }).n;
      } finally {
        root.close();
      }
    };
    expect(rootRunnerRows()).toBeGreaterThan(0);

    const run = await cli(['replay', '--projection', 'runners']);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('removed query models no longer served');
    const promoted = pointers().runners;
    expect(promoted).toBeGreaterThan(superseded);
    expect(rootRunnerRows()).toBe(0);
    expect(generationFiles()).toEqual([`query-models.g${superseded}.sqlite`, `query-models.g${promoted}.sqlite`]);
  });

  // Last: it changes the live store.
  it('replay after one live document was changed: equal:false for that projection, exit 1, and the rebuild replaces it', async () => {
    const db = new Database(liveFile('runners'));
    let tampered: { collection: string; id: string };
    try {
      const row = db.prepare("SELECT collection, id, doc FROM query_documents WHERE projection = 'runners' AND collection = 'runners' LIMIT 1").get() as {
        collection: string;
        id: string;
        doc: string;
      };
      tampered = row;
      const doc = { ...JSON.parse(row.doc), description: 'tampered' };
      db.prepare("UPDATE query_documents SET doc = ? WHERE projection = 'runners' AND collection = ? AND id = ?").run(JSON.stringify(doc), row.collection, row.id);
    } finally {
      db.close();
    }
    const before = pointers().runners;
    const run = await cli(['replay']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the live runners differed from the log and were replaced by the rebuild');
    const comparisons = byName(parse<Comparison>(run).filter((row) => 'equal' in row));
    expect(comparisons.runners.equal).toBe(false);
    expect(comparisons.directory.equal).toBe(true);
    expect(comparisons.jobs.equal).toBe(true);
    expect(pointers().runners).toBeGreaterThan(before);
    const swappedIn = liveRows('runners') as { collection: string; id: string; doc: string }[];
    const doc = JSON.parse(swappedIn.find((row) => row.collection === tampered.collection && row.id === tampered.id)!.doc);
    expect(doc.description).not.toBe('tampered');
    // Equal again.
    expect((await cli(['replay', '--no-swap'])).code).toBe(0);
  });
});
