import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EVENT_SCHEMA_VERSIONS, runnerStreamId, type DomainEventType } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../../../test/support/fixture-directory';
import { startTestApp } from '../../../test/support/test-app';
import { EVENT_STORE } from '../../runner-registry/src/kernel/tokens';

/**
 * The built CLI (dist/apps/runner-cli/src/main.js), run as a child process against the data
 * directory a test app wrote. `npm test` builds first; run `npm run build` before running this
 * spec on its own.
 */
const ROOT_DIR = resolve(__dirname, '../../..');
const CLI = join(ROOT_DIR, 'dist/apps/runner-cli/src/main.js');
const BOB = patOf('bob');
const PAST = '2000-01-01T00:00:00.000Z';
const FUTURE = '2999-01-01T00:00:00.000Z';
const FIXTURE_STREAM = 'cli-spec-fixture';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Line {
  position: number;
  stream_id: string;
  revision: number;
  event_type: string;
  occurred_at: string;
  actor: { type: string; id?: number; name?: string };
  schema_version: number;
  correlation_id: string;
  changes: Record<string, unknown>;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('runner-cli (built, as a child process)', () => {
  let dataDir: string;
  let runnerId: number;
  let deletedId: number;
  let secrets: string[];
  let storedCount: number;

  const cli = async (args: string[], env: Record<string, string> = { DATA_DIR: dataDir }): Promise<Run> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
        cwd: ROOT_DIR,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: '', ...env },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number') throw error;
      return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };
  const lines = (run: Run): Line[] => run.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Line);

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
    const app = await startTestApp();
    dataDir = app.config.dataDir;
    try {
      const registered = await app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1), description: 'cli one' } });
      expect(registered.status).toBe(201);
      runnerId = registered.json().id;
      expect((await app.request('PUT', `/api/v4/runners/${runnerId}`, { token: BOB, payload: { description: 'cli renamed' } })).status).toBe(200);
      expect((await app.request('PUT', `/api/v4/runners/${runnerId}`, { token: BOB, payload: { paused: true } })).status).toBe(200);
      const reset = await app.request('POST', `/api/v4/runners/${runnerId}/reset_authentication_token`, { token: BOB });
      expect(reset.status).toBe(201);
      const other = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN, description: 'doomed' } });
      deletedId = other.json().id;
      expect((await app.request('DELETE', `/api/v4/runners/${deletedId}`, { token: patOf('root') })).status).toBe(204);

      // Two events at fixed times, at the very ends of the log's time range; they carry a digest too.
      const store = app.app.get<symbol, EventStore>(EVENT_STORE);
      for (const [suffix, occurredAt] of [['past', PAST], ['future', FUTURE]]) {
        await store.appendToStream(`${FIXTURE_STREAM}-${suffix}`, [
          {
            id: randomUUID(),
            type: 'CliSpecFixture',
            data: { note: suffix, nested: { someTokenDigest: sha256(suffix) } },
            metadata: { occurredAt, actor: { type: 'system', name: 'cli-spec' }, correlationId: randomUUID(), causationId: randomUUID(), schemaVersion: 1 },
          },
        ]);
      }

      // Every digest in the log (runner tokens, PATs, registration tokens) plus the plaintexts handed out.
      const all = await store.readAll();
      storedCount = all.length;
      const digests = JSON.stringify(all.map((event) => event.data)).match(/\b[0-9a-f]{64}\b/g) ?? [];
      secrets = [...new Set(digests), registered.json().token, reset.json().token, other.json().token];
      expect(digests).toContain(sha256(reset.json().token));
      expect((await store.readStream(runnerStreamId(runnerId))).length).toBe(4);
    } finally {
      await app.stop();
    }
  });

  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([[[]], [['help']], [['--help']], [['-h']]])('%j prints the help listing every command and option', async (args) => {
    const run = await cli(args);
    expect(run.code).toBe(0);
    for (const text of ['history <runner id>', 'export', '--since ISO', '--until ISO', 'help', 'DATA_DIR', 'DATABASE_URL']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('history <runner id>: one JSON line per event of the runner, oldest first, in the REST entry shape plus stream_id', async () => {
    const run = await cli(['history', String(runnerId)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const entries = lines(run);
    expect(entries.map((e) => e.event_type)).toEqual(['RunnerRegistered', 'RunnerDetailsChanged', 'RunnerPaused', 'RunnerAuthenticationTokenReset']);
    for (const [index, entry] of entries.entries()) {
      expect(Object.keys(entry)).toEqual(['position', 'stream_id', 'revision', 'event_type', 'occurred_at', 'actor', 'schema_version', 'correlation_id', 'changes']);
      expect(entry).toMatchObject({ stream_id: `runner-${runnerId}`, revision: index, schema_version: EVENT_SCHEMA_VERSIONS[entry.event_type as DomainEventType] });
    }
    expect(entries[0].actor).toEqual({ type: 'runner', id: runnerId });
    expect(entries[1]).toMatchObject({ actor: { type: 'user', id: 4 }, changes: { changes: { description: 'cli renamed' } } });
    // The new token's digest is gone; its expiry is no secret.
    expect(entries[3].changes).toEqual({ token_expires_at: null, reset_at: entries[3].occurred_at });
  });

  it('history of a deleted runner still shows its events, RunnerDeleted last (the log keeps them)', async () => {
    const run = await cli(['history', String(deletedId)]);
    expect(run.code).toBe(0);
    expect(lines(run).map((e) => e.event_type)).toEqual(['RunnerRegistered', 'RunnerDeleted']);
  });

  it('history of an unknown runner: exit 1, nothing on stdout', async () => {
    const run = await cli(['history', '99999']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('runner 99999 has no events');
  });

  it('export: every event of every stream, in global order', async () => {
    const entries = lines(await cli(['export']));
    expect(entries).toHaveLength(storedCount);
    expect(entries.map((e) => e.position)).toEqual([...entries.map((e) => e.position)].sort((a, b) => a - b));
    const streams = new Set(entries.map((e) => e.stream_id));
    expect(streams).toContain(`runner-${runnerId}`);
    expect(streams).toContain('instance-settings');
  });

  it('export --since / --until filter on occurred_at: [since, until)', async () => {
    const all = lines(await cli(['export']));
    const at = (entry: Line) => Date.parse(entry.occurred_at);
    // The fixed-time events guarantee distinct times at both ends, whatever the clock did.
    const times = [...new Set(all.map(at))].sort((a, b) => a - b);
    expect(times[0]).toBe(Date.parse(PAST));
    expect(times[times.length - 1]).toBe(Date.parse(FUTURE));
    const since = new Date(times[1]).toISOString();
    const until = FUTURE;

    const after = lines(await cli(['export', '--since', since]));
    expect(after.map((e) => e.position)).toEqual(all.filter((e) => at(e) >= times[1]).map((e) => e.position));
    expect(after.map((e) => e.stream_id)).not.toContain(FIXTURE_STREAM + '-past');
    expect(after.length).toBe(all.length - 1);

    const before = lines(await cli(['export', '--until', until]));
    expect(before.map((e) => e.position)).toEqual(all.filter((e) => at(e) < Date.parse(FUTURE)).map((e) => e.position));
    expect(before.length).toBe(all.length - 1);

    const window = lines(await cli(['export', '--since', since, '--until', until]));
    expect(window.map((e) => e.position)).toEqual(all.filter((e) => at(e) >= times[1] && at(e) < Date.parse(FUTURE)).map((e) => e.position));
    expect(window.length).toBe(all.length - 2);
    expect(window.map((e) => e.stream_id)).toContain(`runner-${runnerId}`);

    // Both bounds inclusive/exclusive exactly: --since PAST keeps it, --until PAST drops it.
    expect(lines(await cli(['export', '--since', PAST])).length).toBe(all.length);
    expect(lines(await cli(['export', '--until', PAST]))).toEqual([]);
  });

  it('no line carries a token or a digest (checked against every digest in the log and the plaintexts)', async () => {
    const run = await cli(['export']);
    expect(secrets.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(run.stdout).not.toContain(secret);
    expect(run.stdout).not.toMatch(/\b[0-9a-f]{64}\b/);
    // A key ending in token or digest appears only with a value that cannot be one (an expiry is
    // token_expires_at; allow_runner_registration_token is a boolean; intervals are numbers or null).
    for (const entry of lines(run)) {
      const secretLike = Object.entries(entry.changes as Record<string, unknown>).filter(
        ([key, value]) => /(token|digest)s?$/i.test(key) && value !== null && typeof value !== 'boolean' && typeof value !== 'number',
      );
      expect(secretLike).toEqual([]);
    }
  });

  it.each([
    [['frobnicate'], 'unknown command'],
    [['history'], 'exactly one <runner id>'],
    [['history', 'abc'], 'positive integer'],
    [['export', '--since', 'yesterday'], '--since must be an ISO-8601 time'],
    [['export', '--bogus'], 'bogus'],
  ])('%j is a usage error: exit 2 with the help on stderr', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('history <runner id>');
  });

  it('a DATA_DIR without a log: exit 1, and nothing is created there', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'runner-cli-empty-'));
    try {
      const run = await cli(['export'], { DATA_DIR: join(empty, 'missing') });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no event log');
      expect(existsSync(join(empty, 'missing'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
