import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ThrowawayDatabases, type ThrowawayDatabase } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { PostgresRelayLeaseProvider } from './postgres-relay-lease';
import type { RelayLease } from './relay-lease';
import { SqliteRelayLeaseProvider } from './sqlite-relay-lease';

describe('SqliteRelayLeaseProvider', () => {
  let dir: string;
  let file: string;
  const held: RelayLease[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relay-lease-'));
    file = join(dir, 'kafka-relay.sqlite');
  });
  afterEach(async () => {
    await Promise.all(held.splice(0).map((lease) => lease.release()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('grants one holder at a time; the checkpoint survives the holder', async () => {
    const first = (await new SqliteRelayLeaseProvider(file, 'topic-a').tryAcquire())!;
    held.push(first);
    expect(first).toBeDefined();
    expect(await first.checkpoint.load()).toBe(0);
    await first.checkpoint.save(41);
    await first.checkpoint.save(42);
    expect(await new SqliteRelayLeaseProvider(file, 'topic-a').tryAcquire()).toBeUndefined();
    await first.release();

    const second = (await new SqliteRelayLeaseProvider(file, 'topic-a').tryAcquire())!;
    held.push(second);
    expect(await second.checkpoint.load()).toBe(42);
    await second.release();
    const otherTopic = (await new SqliteRelayLeaseProvider(file, 'topic-b').tryAcquire())!;
    held.push(otherTopic);
    expect(await otherTopic.checkpoint.load()).toBe(0);
  });

  it('is free again as soon as a holding process is killed with SIGKILL', async () => {
    // Another OS process takes the lease and says so; we kill it without any chance to clean up.
    const script = `
      const ts = require('typescript');
      const Module = require('node:module');
      const path = require('node:path');
      const source = require('node:fs').readFileSync(process.argv[1], 'utf8');
      const compiled = new Module(process.argv[1]);
      compiled.paths = Module._nodeModulePaths(path.dirname(process.argv[1]));
      compiled._compile(ts.transpileModule(source, { compilerOptions: { module: 1, target: 9, esModuleInterop: true } }).outputText, process.argv[1]);
      new compiled.exports.SqliteRelayLeaseProvider(process.argv[2], 't').tryAcquire().then(async (lease) => {
        if (lease) await lease.checkpoint.save(7);
        process.stdout.write(lease ? 'held\\n' : 'busy\\n');
        setInterval(() => undefined, 1000);
      });`;
    const child = spawn(process.execPath, ['-e', script, join(__dirname, 'sqlite-relay-lease.ts'), file], { cwd: join(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(line.toString().trim()).toBe('held');
    expect(await new SqliteRelayLeaseProvider(file, 't').tryAcquire()).toBeUndefined();
    child.kill('SIGKILL');
    await once(child, 'exit');
    const lease = (await new SqliteRelayLeaseProvider(file, 't').tryAcquire())!;
    held.push(lease);
    expect(await lease.checkpoint.load()).toBe(7);
  });
});

describe('PostgresRelayLeaseProvider', () => {
  const databases = new ThrowawayDatabases();
  let database: ThrowawayDatabase;
  const providers: PostgresRelayLeaseProvider[] = [];
  const held: RelayLease[] = [];
  const provider = (topic = 'runner-events') => {
    const created = new PostgresRelayLeaseProvider({ connectionString: database.connectionString, topic, heartbeatMs: 200 });
    providers.push(created);
    return created;
  };

  beforeEach(async () => {
    database = await databases.create();
  });
  afterEach(async () => {
    await Promise.all(held.splice(0).map((lease) => lease.release()));
    await Promise.all(providers.splice(0).map((p) => p.close()));
  });
  afterAll(() => databases.dropAll());

  it('grants one holder per topic; every replica reads the holder’s checkpoint; release hands it over', async () => {
    const [a, b] = [provider(), provider()];
    const [first, second] = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    const holder = (first ?? second)!;
    held.push(holder);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await holder.checkpoint.load()).toBe(0);
    await holder.checkpoint.save(1234);
    expect(await a.readCheckpoint()).toBe(1234);
    expect(await b.readCheckpoint()).toBe(1234);

    const otherTopic = (await provider('other-topic').tryAcquire())!;
    held.push(otherTopic);
    expect(await otherTopic.checkpoint.load()).toBe(0);

    await holder.release();
    const next = (await (first ? b : a).tryAcquire())!;
    held.push(next);
    expect(await next.checkpoint.load()).toBe(1234);
  });

  it('a holder whose session dies loses the lease (and can no longer save); another replica takes over', async () => {
    const [a, b] = [provider(), provider()];
    const lease = (await a.tryAcquire())!;
    held.push(lease);
    await lease.checkpoint.save(10);
    expect(await b.tryAcquire()).toBeUndefined();

    // As if the holder's host vanished: the server ends its session.
    const admin = new Client({ connectionString: database.connectionString });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()",
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await admin.end();
    }
    await lease.lost;
    await expect(lease.checkpoint.save(11)).rejects.toThrow();
    const successor = (await b.tryAcquire())!;
    expect(successor).toBeDefined();
    held.push(successor);
    expect(await successor.checkpoint.load()).toBe(10);
  });
});
