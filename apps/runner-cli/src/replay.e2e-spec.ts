import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runnerStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../test/support/fixture-directory';
import { startTestApp } from '../../../test/support/test-app';
import { EVENT_STORE } from '../../runner-registry/src/infrastructure/tokens';
import { jobEvent, recordJobs } from '../../runner-registry/src/jobs/record-job-event/test-fixtures/job-events';

/**
 * `replay`, run as the built CLI (dist/apps/runner-cli/src/main.js) against the data directory of
 * a stopped test app. `npm test` builds first; run `npm run build` before running this spec alone.
 */
const ROOT_DIR = resolve(__dirname, '../../..');
const CLI = join(ROOT_DIR, 'dist/apps/runner-cli/src/main.js');
const BOB = patOf('bob');

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
  const liveFile = () => join(dataDir, 'query-models.sqlite');
  const liveRows = () => {
    const db = new Database(liveFile(), { readonly: true });
    try {
      return db.prepare('SELECT * FROM query_documents ORDER BY 1, 2, 3').all();
    } finally {
      db.close();
    }
  };
  const rebuildFiles = () => readdirSync(dataDir).filter((name) => /^query-models\.rebuild-.+\.sqlite$/.test(name));

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

  it('help lists replay and its options, and says the swap-in is not part of it', async () => {
    const run = await cli(['help']);
    expect(run.code).toBe(0);
    for (const text of ['replay [--until ISO|POSITION] [--verify]', '--verify', 'query-models.rebuild-<timestamp>.sqlite', 'NOT done by this command', 'exits 3']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('replay --verify: rebuilds every projection into a fresh file, checksums equal the live store, exit 0', async () => {
    const liveBefore = liveRows();
    const run = await cli(['replay', '--verify']);
    expect(run.stderr).toContain('query-models.rebuild-');
    expect(run.code).toBe(0);
    const rows = parse<Summary & Comparison>(run);
    expect(rows).toHaveLength(6);
    const summaries = rows.slice(0, 3) as Summary[];
    expect(summaries.map((s) => s.projection)).toEqual(['directory', 'runners', 'jobs']);
    for (const summary of summaries) {
      expect(Object.keys(summary)).toEqual(['projection', 'documents', 'checkpoint', 'checksum']);
      expect(summary).toMatchObject({ checkpoint: head, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    expect(byName(summaries).jobs.documents).toBeGreaterThanOrEqual(2);
    const comparisons = rows.slice(3) as Comparison[];
    for (const comparison of comparisons) {
      expect(Object.keys(comparison)).toEqual(['projection', 'live_checksum', 'rebuilt_checksum', 'equal']);
      expect(comparison.equal).toBe(true);
      expect(comparison.live_checksum).toBe(byName(summaries)[comparison.projection].checksum);
    }
    expect(rebuildFiles().length).toBeGreaterThanOrEqual(1);
    // The live store is only read.
    expect(liveRows()).toEqual(liveBefore);
  });

  it('replay --until <position before a deletion>: the deleted runner is still there', async () => {
    const full = byName(parse<Summary>(await cli(['replay'])));
    const run = await cli(['replay', '--until', String(deletionPosition - 1)]);
    expect(run.code).toBe(0);
    const partial = byName(parse<Summary>(run));
    expect(partial.runners.documents).toBe(full.runners.documents + 1);
    expect(partial.runners.checkpoint).toBe(deletionPosition - 1);
    expect(partial.runners.checksum).not.toBe(full.runners.checksum);
  });

  it('replay --until <ISO time before everything>: empty models at checkpoint 0', async () => {
    const run = await cli(['replay', '--until', '2000-01-01T00:00:00Z']);
    expect(run.code).toBe(0);
    for (const summary of parse<Summary>(run)) expect(summary).toMatchObject({ documents: 0, checkpoint: 0 });
  });

  it('usage errors exit 2: --verify with --until, --verify on another command, a bad --until', async () => {
    for (const args of [['replay', '--verify', '--until', '3'], ['export', '--verify'], ['replay', '--until', 'yesterday'], ['replay', 'extra']]) {
      expect((await cli(args)).code).toBe(2);
    }
  });

  it('with DATABASE_URL: PostgreSQL replay is not supported yet, exit 3', async () => {
    const run = await cli(['replay'], { DATA_DIR: dataDir, DATABASE_URL: 'postgres://nowhere.invalid/none' });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('PostgreSQL');
  });

  // Last: it changes the live store.
  it('replay --verify after one live document was changed: equal:false for that projection, exit 1', async () => {
    const db = new Database(liveFile());
    try {
      const row = db.prepare("SELECT collection, id, doc FROM query_documents WHERE projection = 'runners' AND collection = 'runners' LIMIT 1").get() as {
        collection: string;
        id: string;
        doc: string;
      };
      const doc = { ...JSON.parse(row.doc), description: 'tampered' };
      db.prepare("UPDATE query_documents SET doc = ? WHERE projection = 'runners' AND collection = ? AND id = ?").run(JSON.stringify(doc), row.collection, row.id);
    } finally {
      db.close();
    }
    const run = await cli(['replay', '--verify']);
    expect(run.code).toBe(1);
    const comparisons = byName(parse<Comparison>(run).filter((row) => 'equal' in row));
    expect(comparisons.runners.equal).toBe(false);
    expect(comparisons.directory.equal).toBe(true);
    expect(comparisons.jobs.equal).toBe(true);
  });
});
