/**
 * Start-to-ready against the log's length (issue "ages well", goal 4): the same fleet, once with
 * 1,000,000 events of history and once with 10,000,000 (BENCH_RESTART_EVENTS=small,large), the
 * query models caught up with the log as a running service leaves them. The service is then
 * started three times on each and the time from spawn to its first answered request taken (median).
 * A start must not read the log's history: the two should be within 1.5x of each other.
 *
 * The fleet (BENCH_RESTART_RUNNERS, default 20,000 runners with their managers, jobs and
 * directory) is the replay bench's realistic log; the rest of the history is attribute changes
 * spread over those runners, so the query models are the same size in both runs.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { SqliteQueryModelGenerations } from '@app/projections';
import { withDomainUpcasting } from '../../apps/runner-registry/src/kernel/domain-upcasting';
import { startService } from './processes';
import { buildLiveModels, captureTemplates, clone, fillSqlite, realisticLog, type Row, type Templates } from './replay-bench';

const [SMALL, LARGE] = (process.env.BENCH_RESTART_EVENTS ?? '1000000,10000000').split(',').map(Number);
const RUNNERS = Number(process.env.BENCH_RESTART_RUNNERS ?? 20_000);
/** realisticLog writes 20 events per runner, plus a few directory entities every 50 runners. */
const FLEET_EVENTS = RUNNERS * 20;
const STARTS = 3;
const TARGET_RATIO = 1.5;
const DIST_ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(DIST_ROOT, '../config/directory.example.json');

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The fleet's log, then history: one description change after another, round the fleet, up to `count` events. */
function* fleetWithHistory(templates: Templates, count: number): Generator<Row> {
  const revisions = new Map<string, number>();
  let emitted = 0;
  for (const row of realisticLog(templates, Math.min(FLEET_EVENTS, count))) {
    revisions.set(row[1], row[2] + 1);
    emitted++;
    yield row;
  }
  const changed = templates.runner.get('RunnerDetailsChanged')!;
  const runners = [...revisions.keys()].filter((streamId) => /^runner-\d+$/.test(streamId));
  const start = Date.parse('2026-06-01T00:00:00Z');
  const recordedAt = new Date().toISOString();
  for (let i = 0; emitted < count; i++, emitted++) {
    const streamId = runners[i % runners.length];
    const revision = revisions.get(streamId)!;
    revisions.set(streamId, revision + 1);
    const event = clone(changed, { runnerId: Number(streamId.slice('runner-'.length)), description: `change ${i}` }, start + i * 1000);
    yield [`00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, streamId, revision, event.type, event.data, event.metadata, recordedAt];
  }
}

/** A data directory holding `events` events with query models caught up, and the log's size on disk. */
async function prepare(templates: Templates, events: number): Promise<{ dataDir: string; logMb: number; catchUpMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rr-bench-restart-'));
  const file = join(dataDir, 'events.sqlite');
  await fillSqlite(file, fleetWithHistory(templates, events));
  const store = withDomainUpcasting(SqliteEventStore.open({ file }));
  const generations = SqliteQueryModelGenerations.open(join(dataDir, 'query-models.sqlite'));
  try {
    const catchUpMs = await buildLiveModels(store, generations);
    return { dataDir, logMb: statSync(file).size / 1024 / 1024, catchUpMs };
  } finally {
    await store.close();
    await generations.close();
  }
}

async function startToReady(dataDir: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const service = await startService(DIST_ROOT, {
      DATA_DIR: dataDir,
      PORT: String(5900 + Math.floor(Math.random() * 900)),
      DIRECTORY_SEED_FILE: FIXTURE,
      STATUS_MONITOR_INTERVAL_MS: '0',
    });
    times.push(performance.now() - started);
    await service.stop();
  }
  return median(times);
}

export async function benchRestart(): Promise<string[]> {
  const templates = await captureTemplates();
  const lines = [`Start to ready, ${fmt(RUNNERS)} runners, the query models caught up (median of ${STARTS} starts):`];
  const results: { events: number; ms: number }[] = [];
  for (const events of [SMALL, LARGE]) {
    const { dataDir, logMb, catchUpMs } = await prepare(templates, events);
    try {
      const ms = await startToReady(dataDir);
      results.push({ events, ms });
      lines.push(`  ${fmt(events)} events in the log (${fmt(logMb)} MB): ready in ${fmt(ms)} ms (the engine caught up from an empty store in ${fmt(catchUpMs / 1000, 1)} s first)`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const ratio = results[1].ms / results[0].ms;
  lines.push(`  ${fmt(LARGE)} against ${fmt(SMALL)} events: ${fmt(ratio, 2)}x (target ≤ ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'ok' : 'ABOVE TARGET'}`);
  return lines;
}
