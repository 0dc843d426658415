/**
 * `npm run bench`: the service against bare Fastify serving the same JSON, measured in the same run
 * so the ratio is meaningful on any machine. Servers and load generator are separate processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load, type LoadResult } from './load';
import { rssMb, startBareServer, startService } from './processes';

const DIST_ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(DIST_ROOT, '../../shared/fixtures/directory.json');
const ADMIN = { 'private-token': 'glpat-root-0000000000000001' };
const REGISTRATION_TOKEN = 'GR1348941-instance-registration-0001';
const RUNNERS = Number(process.env.BENCH_RUNNERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function row(name: string, service: LoadResult, baseline: LoadResult, target: number | null): string {
  const ratio = service.requestsPerSecond / baseline.requestsPerSecond;
  return [
    name.padEnd(40),
    `${fmt(service.requestsPerSecond).padStart(8)} req/s p99 ${String(service.p99Ms).padStart(4)} ms`,
    `${fmt(baseline.requestsPerSecond).padStart(8)} req/s p99 ${String(baseline.p99Ms).padStart(4)} ms`,
    `${fmt(ratio * 100, 1).padStart(6)} %` + (target === null ? '' : `  (target ≥ ${target * 100} %) ${ratio >= target ? 'ok' : 'BELOW TARGET'}`),
  ].join(' | ');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Service and baseline in alternating short rounds, medians of each: this machine's spare CPU
 * drifts over a minute, and one long run of each would measure the drift as much as the service.
 */
async function alternate(serviceUrl: string, bareUrl: string, path: string): Promise<[LoadResult, LoadResult]> {
  const rounds = Math.max(3, Math.round(SECONDS / 2));
  const runs: [LoadResult[], LoadResult[]] = [[], []];
  for (let round = 0; round < rounds; round++) {
    runs[0].push(await load({ url: serviceUrl + path, headers: ADMIN, durationSeconds: 2 }));
    runs[1].push(await load({ url: bareUrl + path, headers: ADMIN, durationSeconds: 2 }));
  }
  const summary = (results: LoadResult[]): LoadResult => ({
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    total: results.reduce((sum, r) => sum + r.total, 0),
  });
  return [summary(runs[0]), summary(runs[1])];
}

async function registerRunners(url: string, count: number): Promise<LoadResult> {
  const started = process.hrtime.bigint();
  const result = await load({
    url: `${url}/api/v4/runners`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: REGISTRATION_TOKEN, description: 'bench', tag_list: ['linux', 'docker'] }),
    amount: count,
    // Without pipelining, autocannon building POSTs needs more CPU than the service answering them.
    pipelining: 4,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.non2xx > 0) throw new Error(`${result.non2xx} registrations failed`);
  return { ...result, requestsPerSecond: count / seconds };
}

const randomPort = () => String(4100 + Math.floor(Math.random() * 800));

/** Registrations with SQLITE_SYNCHRONOUS=FULL: every group commit is fsynced before its 201s. */
async function fullSyncRegistrations(count: number): Promise<LoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-bench-full-'));
  const service = await startService(DIST_ROOT, { DATA_DIR: dataDir, PORT: randomPort(), DIRECTORY_SEED_FILE: FIXTURE, SQLITE_SYNCHRONOUS: 'FULL' });
  try {
    return await registerRunners(service.url, count);
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-bench-'));
  const service = await startService(DIST_ROOT, { DATA_DIR: dataDir, PORT: randomPort(), DIRECTORY_SEED_FILE: FIXTURE });
  let fullSync: LoadResult | undefined;
  try {
    console.log(`Registering ${fmt(RUNNERS)} runners (50 connections x 4 pipelined; each 201 is committed to the WAL)...`);
    const registrations = await registerRunners(service.url, RUNNERS);

    const detailPath = `/api/v4/runners/${Math.ceil(RUNNERS / 2)}`;
    const listPath = '/api/v4/runners/all?per_page=100';
    const bodies: Record<string, unknown> = {};
    for (const path of [detailPath, listPath]) bodies[path] = await (await fetch(service.url + path, { headers: ADMIN })).json();
    const bare = await startBareServer(DIST_ROOT, bodies);
    try {
      // Warm both up so the JIT has seen the hot paths before the measured runs.
      await load({ url: service.url + detailPath, headers: ADMIN, durationSeconds: 2 });
      await load({ url: bare.url + detailPath, durationSeconds: 2 });
      const detail = await alternate(service.url, bare.url, detailPath);
      const list = await alternate(service.url, bare.url, listPath);

      console.log(`\nrunner-registry bench (medians of ${Math.max(3, Math.round(SECONDS / 2))} alternating 2 s rounds, 50 connections, same machine; service | bare Fastify | ratio)`);
      console.log(row('GET /api/v4/runners/:id', detail[0], detail[1], 0.6));
      console.log(row(`GET /runners/all?per_page=100 (${fmt(RUNNERS)} runners)`, list[0], list[1], null));
      console.log(`Durable registrations (SQLITE_SYNCHRONOUS=NORMAL, survives kill -9): ${fmt(registrations.requestsPerSecond)} /s, p99 ${registrations.p99Ms} ms (target ≥ 3,000 /s) ${registrations.requestsPerSecond >= 3000 ? 'ok' : 'BELOW TARGET'}`);
      console.log(`Service RSS with ${fmt(RUNNERS)} runners: ${fmt(rssMb(service.child.pid!))} MB`);
      if ([...detail, ...list].some((r) => r.non2xx > 0)) throw new Error('some benchmark requests failed');
    } finally {
      await bare.stop();
    }
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  fullSync = await fullSyncRegistrations(Math.min(RUNNERS, 3000));
  console.log(`Durable registrations (SQLITE_SYNCHRONOUS=FULL, survives power loss): ${fmt(fullSync.requestsPerSecond)} /s, p99 ${fullSync.p99Ms} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
