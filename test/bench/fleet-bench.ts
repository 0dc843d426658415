/**
 * The bench section "fleet" (issue "scales with the fleet"): the same filtered runner lists over a
 * small fleet and a big one, served by two services side by side and measured in alternating
 * rounds, so the ratio says how a list's cost grows with the fleet (target ≤ 1.5x); the heartbeat
 * while four clients list filtered pages; RSS and start-to-ready from the checkpoint at each size.
 *
 * Fleets are written straight to the store (registering a million runners over HTTP would take
 * longer than the rest of the bench) from events a running service recorded, then folded into
 * query models as a service leaves them. Every runner has two tags, a third have polled (most of
 * those within the online timeout), one in ten is paused, and the types rotate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@app/event-store';
import { SqliteQueryModelGenerations } from '@app/projections';
import { digestToken } from '@app/common/token-issuer';
import { withDomainUpcasting } from '../../apps/runner-registry/src/kernel/domain-upcasting';
import { load } from './load';
import { cpuMicros, rssMb, startService, type Server } from './processes';
import { buildLiveModels, captureTemplates, clone, fillSqlite, type Row, type Templates } from './replay-bench';
import { benchSwapStall } from './swap-stall-bench';

const DIST_ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(DIST_ROOT, '../config/directory.example.json');
const ADMIN = { 'private-token': 'glpat-root-0000000000000001' };
const SIZES = (process.env.BENCH_FLEET_SIZES ?? '1000,100000,1000000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_FLEET_ROUNDS ?? 3);
const POLLERS = Number(process.env.BENCH_FLEET_POLLERS ?? 10_000);
const TARGET_RATIO = 1.5;
const GROUP_ID = 9;
const PROJECT_ID = 1;

/** The lists the issue measured, and the membership lists. */
const QUERIES = [
  '/api/v4/runners/all?status=online&per_page=20',
  '/api/v4/runners/all?tag_list=linux&per_page=20',
  '/api/v4/runners/all?tag_list=linux,docker&per_page=20',
  '/api/v4/runners/all?status=online&tag_list=linux,docker&per_page=20',
  '/api/v4/runners/all?type=instance_type&per_page=20',
  '/api/v4/runners/all?status=never_contacted&per_page=20',
  '/api/v4/runners/all?status=stale&paused=false&per_page=20',
  '/api/v4/runners/all?scope=specific&version_prefix=17&per_page=20',
  `/api/v4/projects/${PROJECT_ID}/runners?status=offline&per_page=20`,
  `/api/v4/groups/${GROUP_ID}/runners?tag_list=linux&per_page=20`,
  '/api/v4/runners/all?status=online&tag_list=linux,docker&per_page=20&pagination=keyset&order_by=id&sort=desc',
  // The search (beyond GitLab's REST): a three-letter term, and two longer ones ANDed with a status.
  '/api/v4/runners/all?search=k8s&per_page=20',
  '/api/v4/runners/all?search=autoscaler%20eu-west&status=online&per_page=20',
];
const STARVING_LIST = '/api/v4/runners/all?status=online&tag_list=linux,docker&per_page=100';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const OS = ['linux', 'windows', 'macos'];
const EXECUTORS = ['docker', 'shell'];
const POOLS = ['k8s', 'docker-autoscaler', 'shell', 'macos-builder', 'gpu-trainer', 'windows-build'];
const REGIONS = ['eu-west', 'us-east', 'ap-south'];
/** A description as fleets name their runners: pool, region and a number of its own, e.g. `gpu-trainer us-east #4711`. */
const descriptionOf = (runnerId: number) => `${POOLS[pick(runnerId, 8, POOLS.length)]} ${REGIONS[pick(runnerId, 9, REGIONS.length)]} #${runnerId}`;
/** A deterministic spread, so that type, tags, pause and contact are independent of each other. */
function pick(runnerId: number, salt: number, choices: number): number {
  let x = Math.imul(runnerId + Math.imul(salt, 0x9e3779b9), 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) % choices;
}
export const fleetToken = (runnerId: number) => `glrt-fleet-bench-${runnerId.toString(36).padStart(8, '0')}`;

/** The directory, then per runner: registration (with a description of its own), and for every third a manager and a contact. */
function* fleetLog(templates: Templates, runners: number, now: number): Generator<Row> {
  const recordedAt = new Date(now).toISOString();
  const row = (streamId: string, revision: number, event: { type: string; data: string; metadata: string }): Row => [randomUUID(), streamId, revision, event.type, event.data, event.metadata, recordedAt];
  const revisions = new Map<string, number>();
  for (const event of templates.directory) {
    const revision = revisions.get(event.streamId) ?? 0;
    revisions.set(event.streamId, revision + 1);
    yield row(event.streamId, revision, { type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) });
  }
  const t = (type: string) => templates.runner.get(type)!;
  for (let runnerId = 1; runnerId <= runners; runnerId++) {
    const type = (['instance_type', 'group_type', 'project_type'] as const)[pick(runnerId, 1, 3)];
    const registered = {
      runnerId,
      runnerType: type,
      groupId: type === 'group_type' ? GROUP_ID : null,
      ownerProjectId: type === 'project_type' ? PROJECT_ID : null,
      projectIds: type === 'project_type' ? [PROJECT_ID] : [],
      tagList: [OS[pick(runnerId, 2, 3)], EXECUTORS[pick(runnerId, 3, 2)]],
      description: descriptionOf(runnerId),
      paused: pick(runnerId, 4, 10) === 0,
      tokenDigest: digestToken(fleetToken(runnerId)),
    };
    // Half were created a month ago (stale unless they poll), half yesterday.
    const createdAt = now - (pick(runnerId, 5, 2) === 0 ? 30 : 1) * 86_400_000;
    const stream = `runner-${runnerId}`;
    yield row(stream, 0, clone(t('RunnerRegistered'), registered, createdAt));
    if (pick(runnerId, 6, 3) !== 0) continue;
    // Contacts from a few seconds to 3 hours ago: about two thirds online.
    const contactedAt = now - pick(runnerId, 7, 3 * 3_600_000);
    const systemId = `s_${runnerId.toString(16).padStart(12, '0')}`;
    yield row(stream, 1, clone(t('RunnerManagerRegistered'), { runnerId, systemId }, contactedAt));
    yield row(stream, 2, clone(t('RunnerContacted'), { runnerId, systemId }, contactedAt));
  }
}

interface Fleet {
  readonly runners: number;
  readonly dataDir: string;
  readonly service: Server;
  readonly startMs: number;
}

async function openFleet(templates: Templates, runners: number, statusMonitor = false): Promise<Fleet> {
  const dataDir = await prepareFleet(templates, runners);
  const started = performance.now();
  // A million runners load and index for longer than the usual 30 s allowance on a busy machine.
  // The generated log lacks the offline and stale transitions a running service would have stored,
  // so a status monitor would spend its first minutes recording them all: it stays off here unless
  // asked for (see swapStallWithMonitor).
  const env = { DATA_DIR: dataDir, PORT: String(6000 + Math.floor(Math.random() * 900)), DIRECTORY_SEED_FILE: FIXTURE, ...(statusMonitor ? {} : { STATUS_MONITOR_INTERVAL_MS: '0' }) };
  const service = await startService(DIST_ROOT, env, 600_000);
  return { runners, dataDir, service, startMs: performance.now() - started };
}

/** A data directory with the fleet's log and its query models caught up, as a stopped service leaves them. */
export async function prepareFleet(templates: Templates, runners: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rr-bench-fleet-'));
  const file = join(dataDir, 'events.sqlite');
  await fillSqlite(file, fleetLog(templates, runners, Date.now()));
  const store = withDomainUpcasting(SqliteEventStore.open({ file }));
  const generations = SqliteQueryModelGenerations.open(join(dataDir, 'query-models.sqlite'));
  try {
    await buildLiveModels(store, generations);
  } finally {
    await store.close();
    await generations.close();
  }
  return dataDir;
}

/**
 * The swap stall with the status monitor on, which a swap makes schedule every runner again:
 * measured once the monitor has recorded the transitions the generated fleet was due (tens of
 * thousands) and goes on at a few per second, as a running service's would.
 */
async function swapStallWithMonitor(templates: Templates, runners: number): Promise<string> {
  const fleet = await openFleet(templates, runners, true);
  try {
    const log = SqliteEventStore.open({ file: join(fleet.dataDir, 'events.sqlite') });
    const first = await log.headPosition();
    let last = first;
    try {
      for (let waited = 0; waited < 300_000; waited += 5000) {
        await new Promise((r) => setTimeout(r, 5000));
        const now = await log.headPosition();
        const settled = now - last < 100;
        last = now;
        if (settled) break;
      }
    } finally {
      await log.close();
    }
    const stall = await benchSwapStall(fleet.service, fleet.dataDir, runners);
    return `${stall}; with the status monitor on, after it recorded the ${fmt(last - first)} transitions the generated log was due`;
  } finally {
    await closeFleet(fleet);
  }
}

async function closeFleet(fleet: Fleet): Promise<void> {
  await fleet.service.stop();
  rmSync(fleet.dataDir, { recursive: true, force: true });
}

/**
 * Each list on both fleets in alternating 2 s rounds (8 clients, as the issue measured): req/s, and
 * the server's CPU time per request, the steadier figure when the load generator and other work
 * share the machine. The ratio is by CPU.
 */
async function listCosts(small: Fleet, big: Fleet): Promise<string[]> {
  const lines: string[] = [];
  let worst = 0;
  for (const path of QUERIES) {
    const rates: [number[], number[]] = [[], []];
    const cpu: [number[], number[]] = [[], []];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, fleet] of [small, big].entries()) {
        const before = cpuMicros(fleet.service.child.pid!);
        const result = await load({ url: fleet.service.url + path, headers: ADMIN, connections: 8, durationSeconds: 2 });
        if (result.non2xx > 0) throw new Error(`${path}: ${result.non2xx} answers were not 2xx`);
        rates[i].push(result.requestsPerSecond);
        cpu[i].push((cpuMicros(fleet.service.child.pid!) - before) / result.total);
      }
    }
    const ratio = median(cpu[1]) / median(cpu[0]);
    worst = Math.max(worst, ratio);
    const side = (i: 0 | 1) => `${fmt(median(rates[i])).padStart(6)} req/s ${fmt(median(cpu[i])).padStart(4)} µs`;
    lines.push(`  ${path.replace('/api/v4', '').padEnd(100)} ${side(0)} | ${side(1)}: ${fmt(ratio, 2)}x`);
  }
  lines.push(`  worst: ${fmt(worst, 2)}x by CPU per request (target ≤ ${TARGET_RATIO}x) ${worst <= TARGET_RATIO ? 'ok' : 'ABOVE TARGET'}`);
  return lines;
}

/** POST /jobs/request cycling through POLLERS runners' tokens, alone and while 4 clients list filtered pages. */
async function heartbeatUnderLists(fleet: Fleet): Promise<string[]> {
  const pollers = Math.min(POLLERS, fleet.runners);
  let next = 0;
  const body = () => {
    const runnerId = (next++ % pollers) + 1;
    return JSON.stringify({ token: fleetToken(runnerId), system_id: `s_${runnerId.toString(16).padStart(12, '0')}`, info: { version: '17.0.0' } });
  };
  const poll = () => load({ url: `${fleet.service.url}/api/v4/jobs/request`, method: 'POST', headers: { 'content-type': 'application/json' }, nextBody: body, connections: 50, durationSeconds: 2 });
  await load({ url: `${fleet.service.url}/api/v4/jobs/request`, method: 'POST', headers: { 'content-type': 'application/json' }, nextBody: body, amount: pollers, pipelining: 4 });
  const alone: { rps: number; p99: number; busy: number }[] = [];
  const contended: { rps: number; p99: number; lists: number; busy: number }[] = [];
  // The service's CPU over a round, as a share of one core: below ~100 % with lists, the polls were
  // held back by the machine (the load generators share its two cores), not by the service's loop.
  const busy = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const [cpu, started] = [cpuMicros(fleet.service.child.pid!), performance.now()];
    const result = await work();
    return [result, (cpuMicros(fleet.service.child.pid!) - cpu) / 1000 / (performance.now() - started)];
  };
  for (let round = 0; round < ROUNDS; round++) {
    const [a, aloneBusy] = await busy(poll);
    alone.push({ rps: a.requestsPerSecond, p99: a.p99Ms, busy: aloneBusy });
    const [[c, lists], contendedBusy] = await busy(() => Promise.all([poll(), load({ url: fleet.service.url + STARVING_LIST, headers: ADMIN, connections: 4, durationSeconds: 2 })]));
    contended.push({ rps: c.requestsPerSecond, p99: c.p99Ms, lists: lists.requestsPerSecond, busy: contendedBusy });
  }
  const rps = [median(alone.map((r) => r.rps)), median(contended.map((r) => r.rps))];
  const p99 = [median(alone.map((r) => r.p99)), median(contended.map((r) => r.p99))];
  const share = rps[1] / rps[0];
  const p99Ratio = p99[1] / Math.max(1, p99[0]);
  return [
    `  Polls of ${fmt(pollers)} runners over ${fmt(fleet.runners)}: alone ${fmt(rps[0])} polls/s p99 ${p99[0]} ms; with 4 clients listing ${STARVING_LIST.replace('/api/v4', '')} (${fmt(median(contended.map((r) => r.lists)))} lists/s): ${fmt(rps[1])} polls/s p99 ${p99[1]} ms`,
    `  poll throughput ${fmt(share * 100, 1)} % of alone (target ≥ 80 %) ${share >= 0.8 ? 'ok' : 'BELOW TARGET'}; p99 ${fmt(p99Ratio, 2)}x alone (target ≤ 2x) ${p99Ratio <= 2 ? 'ok' : 'ABOVE TARGET'}; ` +
      `the service busy ${fmt(median(alone.map((r) => r.busy)) * 100)} % of a core alone, ${fmt(median(contended.map((r) => r.busy)) * 100)} % with the lists`,
  ];
}

/** RSS once V8 has settled (the lowest of 15 one-second samples). */
async function settledRss(server: Server): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 15; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    samples.push(rssMb(server.child.pid!));
  }
  return Math.min(...samples);
}

export async function benchFleet(): Promise<string[]> {
  const templates = await captureTemplates();
  const [smallSize, ...bigSizes] = SIZES;
  const small = await openFleet(templates, smallSize);
  // Printed as measured: the section runs for many minutes.
  const print = (...lines: string[]) => console.log(lines.join('\n'));
  print(`Fleet of ${fmt(smallSize)} runners: ready in ${fmt(small.startMs)} ms from the checkpoint, RSS ${fmt(await settledRss(small.service))} MB`);
  try {
    for (const size of bigSizes) {
      const big = await openFleet(templates, size);
      try {
        const rss = await settledRss(big.service);
        const rssTarget = size >= 1_000_000 ? 1536 : size >= 100_000 ? 250 : Infinity;
        print(`Fleet of ${fmt(size)} runners: ready in ${fmt(big.startMs)} ms from the checkpoint, RSS ${fmt(rss)} MB at rest` + (rssTarget === Infinity ? '' : ` (target ≤ ${fmt(rssTarget)} MB) ${rss <= rssTarget ? 'ok' : 'ABOVE TARGET'}`));
        print(`  Filtered lists over ${fmt(smallSize)} | over ${fmt(size)} runners: req/s and server CPU per request (8 clients, medians of ${ROUNDS} alternating 2 s rounds), and the ratio by CPU:`);
        print(...(await listCosts(small, big)));
        if (size <= 100_000) print(...(await heartbeatUnderLists(big)));
        print(`  RSS after the lists: ${fmt(rssMb(big.service.child.pid!))} MB`);
        if (size <= 100_000) print(await benchSwapStall(big.service, big.dataDir, size));
      } finally {
        await closeFleet(big);
      }
      if (size <= 100_000) print(await swapStallWithMonitor(templates, size));
    }
  } finally {
    await closeFleet(small);
  }
  return [];
}
