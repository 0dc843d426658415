/**
 * `npm run bench`: the service against bare Fastify serving the same JSON, measured in the same run
 * so the ratio is meaningful on any machine. Servers and load generator are separate processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { encodeCursor } from '@app/http/keyset-cursor';
import { load, type LoadResult } from './load';
import { benchPostgresAppends } from './postgres-append-bench';
import { replayStartFlags } from '../../apps/runner-cli/src/replay/replay-v8-flags';
import { cpuMicros, rssMb, startBareServer, startService, type Server } from './processes';
import { machineSpeed } from './calibration';

const DIST_ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(DIST_ROOT, '../config/directory.example.json');
const ADMIN = { 'private-token': 'glpat-root-0000000000000001' };
const REGISTRATION_TOKEN = 'GR1348941-instance-registration-0001';
const RUNNERS = Number(process.env.BENCH_RUNNERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RSS_RUNNERS = Number(process.env.BENCH_RSS_RUNNERS ?? 100_000);
const JOB_REQUEST = '/api/v4/jobs/request';
/** Runners whose tokens poll /jobs/request. */
const FLEET = Number(process.env.BENCH_FLEET ?? 10_000);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function row(name: string, service: Measured, baseline: Measured, target: number | null): string {
  const ratio = service.requestsPerSecond / baseline.requestsPerSecond;
  const cpuRatio = baseline.cpuMicrosPerRequest / service.cpuMicrosPerRequest;
  const verdict = (r: number) => (target === null ? '' : r >= target ? ' ok' : ' BELOW');
  return [
    name.padEnd(48),
    `${fmt(service.requestsPerSecond).padStart(7)} req/s p99 ${String(service.p99Ms).padStart(3)} ms ${fmt(service.cpuMicrosPerRequest).padStart(4)} µs CPU`,
    `${fmt(baseline.requestsPerSecond).padStart(7)} req/s p99 ${String(baseline.p99Ms).padStart(3)} ms ${fmt(baseline.cpuMicrosPerRequest).padStart(4)} µs CPU`,
    `req/s ${fmt(ratio * 100, 1).padStart(5)} %${verdict(ratio)}, CPU ${fmt(cpuRatio * 100, 1).padStart(5)} %${verdict(cpuRatio)}` +
      (target === null ? '' : ` (target ≥ ${target * 100} %)`),
  ].join(' | ');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Service and baseline in alternating short rounds, medians of each: this machine's spare CPU
 * drifts over a minute, and one long run of each would measure the drift as much as the service.
 */
async function alternate(service: Server, bare: Server, path: string, post?: () => string): Promise<[Measured, Measured]> {
  const rounds = Math.max(3, Math.round(SECONDS / 2));
  const runs: [Measured[], Measured[]] = [[], []];
  const measured = async (server: Server): Promise<Measured> => {
    const before = cpuMicros(server.child.pid!);
    const result = post
      ? await load({ url: server.url + path, method: 'POST', headers: { 'content-type': 'application/json' }, nextBody: post, connections: 100, durationSeconds: 2 })
      : await load({ url: server.url + path, headers: ADMIN, durationSeconds: 2 });
    return { ...result, cpuMicrosPerRequest: (cpuMicros(server.child.pid!) - before) / result.total };
  };
  for (let round = 0; round < rounds; round++) {
    runs[0].push(await measured(service));
    runs[1].push(await measured(bare));
  }
  const summary = (results: Measured[]): Measured => ({
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    cpuMicrosPerRequest: median(results.map((r) => r.cpuMicrosPerRequest)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    total: results.reduce((sum, r) => sum + r.total, 0),
  });
  return [summary(runs[0]), summary(runs[1])];
}

/** A load result with the server's CPU time per request: steadier than req/s on a shared machine. */
interface Measured extends LoadResult {
  readonly cpuMicrosPerRequest: number;
}

/** Registers a fleet whose tokens we keep (autocannon's response hook misses pipelined replies). */
async function registerFleet(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const worker = async () => {
    while (tokens.length < count) {
      const response = await fetch(`${url}/api/v4/runners`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: REGISTRATION_TOKEN, description: 'fleet' }),
      });
      if (response.status !== 201) throw new Error(`registration failed: ${response.status}`);
      tokens.push(((await response.json()) as { token: string }).token);
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return tokens;
}

async function registerRunners(url: string, count: number): Promise<LoadResult> {
  const result = await load({
    url: `${url}/api/v4/runners`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: REGISTRATION_TOKEN, description: 'bench', tag_list: ['linux', 'docker'] }),
    amount: count,
    // Without pipelining, autocannon building POSTs needs more CPU than the service answering them.
    pipelining: 4,
  });
  if (result.non2xx > 0) throw new Error(`${result.non2xx} registrations failed`);
  return result;
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

/** Job requests cycling through every runner's token, after one warm-up poll each (first contact is always stored). */
async function jobRequests(service: Server, bare: Server, dataDir: string, tokens: string[]) {
  let next = 0;
  const body = () => JSON.stringify({ token: tokens[next++ % tokens.length], system_id: 's_bench', info: { version: '17.0.0', platform: 'linux', architecture: 'amd64', executor: 'docker' } });
  await load({ url: service.url + JOB_REQUEST, method: 'POST', headers: { 'content-type': 'application/json' }, nextBody: body, amount: tokens.length, pipelining: 4 });
  const before = await storedEvents(dataDir);
  const [serviceResult, bareResult] = await alternate(service, bare, JOB_REQUEST, body);
  const events = (await storedEvents(dataDir)) - before;
  const polls = serviceResult.total;
  return { service: serviceResult, bare: bareResult, events, polls, eventsPerThousand: (events / polls) * 1000 };
}

async function storedEvents(dataDir: string): Promise<number> {
  const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

/**
 * A service with many runners registered, measured at rest: V8 gives back the memory a burst of
 * registrations grew the heap to only after some 20 idle seconds, so RSS is sampled for up to 45 s
 * and the settled (lowest) value reported.
 */
async function rssWithRunners(count: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-bench-rss-'));
  const service = await startService(DIST_ROOT, { DATA_DIR: dataDir, PORT: randomPort(), DIRECTORY_SEED_FILE: FIXTURE });
  try {
    await registerRunners(service.url, count);
    const samples: number[] = [];
    for (let second = 0; second < 45; second++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      samples.push(rssMb(service.child.pid!));
      if (samples.length > 5 && samples.slice(-5).every((s) => Math.abs(s - samples[samples.length - 1]) < 2) && samples.at(-1)! < samples[0] - 20) break;
    }
    console.log(`  RSS right after registering ${fmt(count)} runners: ${fmt(samples[0])} MB; at rest: ${fmt(Math.min(...samples))} MB`);
    return Math.min(...samples);
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Keyset pages of GET /runners/all: the first page against one deep into the fleet (a cursor 200
 * runners before the end). A page seeks to its cursor, so the deep page should cost about what the
 * first one does (target ≤ 1.5x by req/s), where an offset page deep in the fleet would not.
 */
async function keysetPages(service: Server): Promise<string> {
  const base = '/api/v4/runners/all?pagination=keyset&order_by=id&sort=asc&per_page=100';
  const deep = `${base}&cursor=${encodeCursor(Math.max(1, RUNNERS - 200))}`;
  const rounds = Math.max(3, Math.round(SECONDS / 2));
  const first: number[] = [];
  const deepRates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    first.push((await load({ url: service.url + base, headers: ADMIN, durationSeconds: 2 })).requestsPerSecond);
    deepRates.push((await load({ url: service.url + deep, headers: ADMIN, durationSeconds: 2 })).requestsPerSecond);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ratio = median(first) / median(deepRates);
  return `Keyset GET /runners/all (per_page=100, ${fmt(RUNNERS)} runners): first page ${fmt(median(first))} req/s, a page 200 runners from the end ${fmt(median(deepRates))} req/s: the deep page costs ${fmt(ratio, 2)}x the first (target ≤ 1.5x) ${ratio <= 1.5 ? 'ok' : 'ABOVE TARGET'}`;
}

async function httpBench(): Promise<void> {
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
    bodies[`POST ${JOB_REQUEST}`] = 'f'.repeat(32);
    const bare = await startBareServer(DIST_ROOT, bodies);
    try {
      // Warm both up so the JIT has seen the hot paths before the measured runs.
      await load({ url: service.url + detailPath, headers: ADMIN, durationSeconds: 2 });
      await load({ url: bare.url + detailPath, durationSeconds: 2 });
      const detail = await alternate(service, bare, detailPath);
      const list = await alternate(service, bare, listPath);
      const keyset = await keysetPages(service);
      // The list was measured over RUNNERS runners; the polling fleet joins afterwards.
      const tokens = await registerFleet(service.url, FLEET);
      const polls = await jobRequests(service, bare, dataDir, tokens);

      console.log(`\nrunner-registry bench: medians of ${Math.max(3, Math.round(SECONDS / 2))} alternating 2 s rounds, 50 connections, load generator on the same machine.`);
      console.log('Columns: service | bare Fastify serving the same JSON | service as a share of bare, by req/s and by server CPU per request.');
      // Issue "scales with the fleet", goal 5: the detail read at 90 % of bare Fastify by CPU per request.
      console.log(row('GET /api/v4/runners/:id', detail[0], detail[1], 0.9));
      console.log(row(`GET /runners/all?per_page=100 (${fmt(RUNNERS)} runners)`, list[0], list[1], null));
      console.log(keyset);
      console.log(`Durable registrations (SQLITE_SYNCHRONOUS=NORMAL, survives kill -9): ${fmt(registrations.requestsPerSecond)} /s, p99 ${registrations.p99Ms} ms (target ≥ 3,000 /s) ${registrations.requestsPerSecond >= 3000 ? 'ok' : 'BELOW TARGET'}`);
      console.log(row(`POST /jobs/request (${fmt(tokens.length)} runners, 100 conns)`, polls.service, polls.bare, 0.6));
      console.log(`Stored events per 1,000 polls in steady state: ${fmt(polls.eventsPerThousand, 2)} (${fmt(polls.events)} events for ${fmt(polls.polls)} polls; target ≤ 10) ${polls.eventsPerThousand <= 10 ? 'ok' : 'BELOW TARGET'}`);
      console.log(`Service RSS with ${fmt(RUNNERS + tokens.length)} runners: ${fmt(rssMb(service.child.pid!))} MB`);
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
  const rss = await rssWithRunners(RSS_RUNNERS);
  console.log(`Service RSS with ${fmt(RSS_RUNNERS)} runners registered: ${fmt(rss)} MB (target ≤ 300 MB) ${rss <= 300 ? 'ok' : 'ABOVE TARGET'}`);
}

/**
 * The sections of `npm run bench`, in order. `BENCH_ONLY=postgres,http` runs only those; each
 * section prints its own figures.
 */
const SECTIONS: Record<string, () => Promise<void>> = {
  http: httpBench,
  params: async () => console.log((await import('./params-bench')).benchParams().join('\n')),
  logging: async () => console.log((await (await import('./request-log-bench')).benchRequestLog()).join('\n')),
  postgres: async () => console.log((await benchPostgresAppends()).join('\n')),
  relay: async () => console.log((await (await import('./relay-bench')).relayBench()).join('\n')),
  // In a process of its own, so that its long log and the engine's fold of it leave no heap behind for
  // the next sections; each replay it measures starts its own process with the CLI's flags (replay-bench.ts).
  replay: async () => {
    const child = spawnSync(process.execPath, [...replayStartFlags(), join(__dirname, 'replay-bench.js')], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`the replay bench failed (${child.status ?? child.signal})`);
  },
  fleet: async () => console.log((await (await import('./fleet-bench')).benchFleet()).join('\n')),
  browser: async () => console.log((await (await import('./browser-bench')).benchBrowser()).join('\n')),
  live: async () => console.log((await (await import('./live-bench')).benchLive()).join('\n')),
  history: async () => {
    console.log((await (await import('./history-command-bench')).benchCommandHistory()).join('\n'));
    console.log((await (await import('./log-growth-bench')).benchLogGrowth()).join('\n'));
    console.log((await (await import('./restart-bench')).benchRestart()).join('\n'));
    console.log((await (await import('./year-of-history-bench')).benchYearOfHistory()).join('\n'));
  },
};

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = only.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown section(s) ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (only.length > 0 && !only.includes(name)) continue;
    console.log(`\n== ${name}`);
    console.log(machineSpeed());
    await section();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
