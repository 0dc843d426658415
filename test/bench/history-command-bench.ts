/**
 * What a command costs as a runner's history grows: an UpdateRunner (through the DeciderRunner every
 * handler uses, on SQLite behind the domain's upcasting, as the service reads) on a fresh
 * runner, on one with 100,000 events and on one with 2,000 managers. With a warm decided-state cache
 * the command reads and folds only what was appended since, so the target is ≤ 2x the fresh runner;
 * without the cache it reads and folds the whole stream, shown for comparison.
 *
 * The histories are written straight to the store with the real event types and payloads shaped
 * like the service's own (test/fixtures/event-log-v1.jsonl). Timings are wall-clock medians, taken
 * in interleaved rounds so drift hits every stream alike; a shared machine makes them noisy.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  EVENT_SCHEMA_VERSIONS,
  EVENT_UPCASTERS,
  RUNNER_EVENT_SCHEMA_VERSIONS,
  RUNNER_STREAM,
  runnerStreamId,
  type ManagerInfo,
  type RunnerCommand,
  type RunnerEvent,
} from '@app/domain';
import {
  DeciderRunner,
  SqliteEventStore,
  UpcasterChain,
  UpcastingEventStore,
  type CommandContext,
  type EventData,
  type EventStore,
} from '@app/event-store';

const LONG_HISTORY = Number(process.env.BENCH_HISTORY_EVENTS ?? 100_000);
const MANAGERS = Number(process.env.BENCH_HISTORY_MANAGERS ?? 2_000);
const CACHED_ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? 200);
const UNCACHED_ROUNDS = Number(process.env.BENCH_HISTORY_UNCACHED_ROUNDS ?? 7);
const TARGET_RATIO = 2;
const WRITE_BATCH = 1000;

const START = Date.parse('2026-11-02T08:00:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const info = (version: string): ManagerInfo => ({ version, revision: 'b92ee590', platform: 'linux', architecture: 'amd64', executor: 'docker', gpus: null });

function registered(runnerId: number): RunnerEvent {
  return {
    type: 'RunnerRegistered',
    data: {
      runnerId, runnerType: 'instance_type', registrationType: 'registration_token', groupId: null, ownerProjectId: null, projectIds: [],
      name: `builder-${runnerId}`, paused: false, description: 'builder', locked: false, runUntagged: false, accessLevel: 'not_protected',
      maximumTimeout: 7200, maintenanceNote: null, tagList: ['linux', 'docker'], creationState: 'finished', creatorId: null,
      tokenDigest: '53ff264fc88b6f906265b8111e562b32470bd7aac3479ec90b7656643e5ccfea', tokenExpiresAt: null, createdAt: at(0),
    },
  };
}

const managerRegistered = (runnerId: number, systemId: string, second: number): RunnerEvent => ({
  type: 'RunnerManagerRegistered',
  data: { runnerId, systemId, info: info('17.4.0'), ipAddress: '10.0.0.1', createdAt: at(second) },
});

const contacted = (runnerId: number, systemId: string, second: number): RunnerEvent => ({ type: 'RunnerContacted', data: { runnerId, systemId, contactedAt: at(second) } });

/**
 * Years of a busy runner: four managers polling (a stored contact per manager per throttle
 * window), now and then an upgrade, an edit, a pause, an offline spell.
 */
function* longHistory(runnerId: number, count: number): Generator<RunnerEvent> {
  const managers = ['s_a', 's_b', 's_c', 's_d'];
  yield registered(runnerId);
  for (const [i, systemId] of managers.entries()) yield managerRegistered(runnerId, systemId, 60 + i);
  for (let i = 1 + managers.length, second = 1000; i < count; i++, second += 900) {
    const systemId = managers[i % managers.length];
    if (i % 4000 === 0) yield { type: 'RunnerResumed', data: { runnerId, resumedAt: at(second) } };
    else if (i % 2000 === 0) yield { type: 'RunnerPaused', data: { runnerId, pausedAt: at(second) } };
    else if (i % 1000 === 0) yield { type: 'RunnerWentOffline', data: { runnerId, lastContactedAt: at(second - 900), detectedAt: at(second) } };
    else if (i % 500 === 0) yield { type: 'RunnerDetailsChanged', data: { runnerId, changes: { description: `builder ${i}`, maintenanceNote: `rack ${i % 9}` }, changedAt: at(second) } };
    else if (i % 50 === 0) yield { type: 'RunnerManagerUpdated', data: { runnerId, systemId, info: { version: `17.${i % 11}.0` }, updatedAt: at(second) } };
    else yield contacted(runnerId, systemId, second);
  }
}

/** An autoscaling fleet: thousands of short-lived managers, each registered and contacted once. */
function* manyManagers(runnerId: number, count: number): Generator<RunnerEvent> {
  yield registered(runnerId);
  for (let i = 0; i < count; i++) {
    const systemId = `s_${i.toString(16).padStart(12, '0')}`;
    yield managerRegistered(runnerId, systemId, 60 + i);
    yield contacted(runnerId, systemId, 60 + i);
  }
}

function toEventData(event: RunnerEvent): EventData {
  const occurredAt = Object.values(event.data as Record<string, unknown>).find((value) => typeof value === 'string' && value.endsWith('Z')) ?? at(0);
  const correlationId = randomUUID();
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: { occurredAt, actor: { type: 'runner', id: 1 }, correlationId, causationId: correlationId, schemaVersion: RUNNER_EVENT_SCHEMA_VERSIONS[event.type] },
  };
}

async function write(store: EventStore, streamId: string, events: Iterable<RunnerEvent>): Promise<number> {
  let batch: EventData[] = [];
  let written = 0;
  const flush = async () => {
    await store.appendToStream(streamId, batch, { expectedRevision: written === 0 ? 'no_stream' : written - 1 });
    written += batch.length;
    batch = [];
  };
  for (const event of events) {
    batch.push(toEventData(event));
    if (batch.length === WRITE_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return written;
}

interface BenchStream {
  readonly label: string;
  readonly runnerId: number;
  readonly events: number;
}

export async function benchCommandHistory(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rr-bench-history-'));
  const backing = SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
  const store = new UpcastingEventStore(backing, new UpcasterChain({ currentVersions: EVENT_SCHEMA_VERSIONS, upcasters: EVENT_UPCASTERS }));
  try {
    const streams: BenchStream[] = [
      { label: 'fresh runner', runnerId: 1, events: await write(store, runnerStreamId(1), [registered(1)]) },
      { label: 'long history', runnerId: 2, events: await write(store, runnerStreamId(2), longHistory(2, LONG_HISTORY)) },
      { label: `${fmt(MANAGERS)} managers`, runnerId: 3, events: await write(store, runnerStreamId(3), manyManagers(3, MANAGERS)) },
    ];

    let sequence = 0;
    const context = (): CommandContext => ({ actor: { type: 'user', id: 1 }, correlationId: randomUUID(), causationId: randomUUID(), now: new Date().toISOString() });
    // A new description every time, so every command appends one event (as a real edit does).
    const update = (runnerId: number): RunnerCommand => ({ type: 'UpdateRunner', runnerId, changes: { description: `bench ${sequence++}` }, now: new Date().toISOString() });
    const visible = async () => undefined;
    const withoutCache = new DeciderRunner(store, visible, 0);
    const withCache = new DeciderRunner(store, visible, 16);
    const command = (stream: BenchStream, runner: DeciderRunner) => async (): Promise<number> => {
      const started = performance.now();
      const result = await runner.run({ ...RUNNER_STREAM, streamId: runnerStreamId(stream.runnerId), command: update(stream.runnerId), context: context() });
      const elapsed = performance.now() - started;
      if (!result.ok || result.events.length !== 1) throw new Error(`UpdateRunner on ${stream.label} did not append one event`);
      return elapsed;
    };

    // Uncached first: every command appends an event, and the fresh runner should stay near fresh.
    const uncached = await interleaved(streams, UNCACHED_ROUNDS, (stream) => command(stream, withoutCache));
    for (const stream of streams) await command(stream, withCache)();
    const cached = await interleaved(streams, CACHED_ROUNDS, (stream) => command(stream, withCache));

    const lines = [`Command on a long history (UpdateRunner via DeciderRunner, SQLite + upcasting): median of ${CACHED_ROUNDS} cached, ${UNCACHED_ROUNDS} uncached`];
    for (const [i, stream] of streams.entries()) {
      const ratio = (ms: number[], base: number[]) => `${fmt(median(ms) / median(base), 2).padStart(7)}x fresh`;
      const verdict = i === 0 ? '' : median(cached[i]) / median(cached[0]) <= TARGET_RATIO ? ' ok' : ' ABOVE TARGET';
      lines.push(
        `  ${`${stream.label} (${fmt(stream.events)} event${stream.events === 1 ? '' : 's'})`.padEnd(34)} ` +
          `cached ${fmt(median(cached[i]), 3).padStart(7)} ms ${ratio(cached[i], cached[0])}${verdict} | ` +
          `uncached ${fmt(median(uncached[i]), 3).padStart(9)} ms ${ratio(uncached[i], uncached[0])}`,
      );
    }
    lines.push(`  target: cached ≤ ${TARGET_RATIO}x the fresh runner's cached command`);
    return lines;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each round times one command per stream, so a slow spell of the machine hits all streams alike. */
async function interleaved(streams: readonly BenchStream[], rounds: number, timed: (stream: BenchStream) => () => Promise<number>): Promise<number[][]> {
  const times = streams.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, stream] of streams.entries()) times[i].push(await timed(stream)());
  }
  return times;
}
