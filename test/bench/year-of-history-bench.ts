/**
 * The log's size on disk after a synthetic year of fleet history (issue "ages well"), written
 * straight to the embedded store, with today's design against the old one:
 * - today: facts in the runner streams; routine contacts in one contact stream per manager, kept to
 *   its latest event (maxCount 1), so after a year each manager ever seen has one contact row left;
 * - before contact streams: the same facts, and one RunnerContacted per manager per throttle window
 *   (900 s: 96 a day) inside the runner streams.
 *
 * The fleet (BENCH_YEAR_RUNNERS, default 10,000 runners) over 365 days from 2026-01-01:
 * - nine in ten runners keep one manager all year: a version upgrade, a description change and an
 *   offline spell (RunnerWentOffline, then the return's contact) a month, a pause and a resume a
 *   quarter;
 * - one in ten is autoscaled: on top of that, a new manager (a new pod's system_id) every day, polling
 *   that day, deleted by the stale-manager cleanup 8 days later (RunnerManagerDeleted).
 * Today's design is written in full. The old one would hold ~350 million events a year: a sample of
 * its first BENCH_YEAR_SAMPLE_DAYS days (default 2; 7 gives the same bytes per event) is written, and the year's size extrapolated from
 * its bytes per event and the year's exact event count (the output says so). Then six simulated hours of
 * routine contacts (BENCH_YEAR_CHURN_HOURS, default 6) go through the real SqliteEventStore with
 * maxCount 1 on top of today's year, to show that truncation does not make the file grow.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RUNNER_CONTACT_STREAM, RUNNER_EVENT_SCHEMA_VERSIONS, runnerContactStreamId, runnerStreamId, type RunnerEvent } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { fillSqlite, type Row } from './replay-bench';

const RUNNERS = Number(process.env.BENCH_YEAR_RUNNERS ?? 10_000);
const SAMPLE_DAYS = Number(process.env.BENCH_YEAR_SAMPLE_DAYS ?? 2);
const CHURN_HOURS = Number(process.env.BENCH_YEAR_CHURN_HOURS ?? 6);
const DAYS = 365;
const WINDOW_SECONDS = 900;
const WINDOWS_A_DAY = (24 * 3600) / WINDOW_SECONDS;
/** Days after its last contact that the stale-manager cleanup deletes a manager (7-day stale timeout, hourly cleanup). */
const DELETED_AFTER_DAYS = 8;
const START = Date.parse('2026-01-01T00:00:00.000Z');
const DAY_MS = 24 * 3600 * 1000;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const iso = (millis: number) => new Date(millis).toISOString();
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
const gb = (bytes: number) => `${fmt(bytes / 1024 ** 3, 1)} GB`;

const autoscaled = (runnerId: number) => runnerId % 10 === 0;
/** A gitlab-runner system_id: `s_` and 12 hex digits. */
const systemIdOf = (runnerId: number, pod: number) => `s_${(runnerId * 1000 + pod).toString(16).padStart(12, '0')}`;
const info = (version: string) => ({ version, revision: 'b92ee590', platform: 'linux', architecture: 'amd64', executor: 'docker' as const, gpus: null });

/** A manager polling on a day: `windows` throttle windows, the first of them its significant first contact when it is new. */
interface Polling {
  readonly runnerId: number;
  readonly systemId: string;
  readonly windows: number;
  readonly firstContactStored: boolean;
}

interface FleetDay {
  /** Facts of the runner streams, in order. */
  readonly facts: { readonly runnerId: number; readonly event: RunnerEvent; readonly at: number }[];
  readonly polling: Polling[];
}

function registered(runnerId: number, at: number): RunnerEvent {
  return {
    type: 'RunnerRegistered',
    data: {
      runnerId, runnerType: 'instance_type', registrationType: 'registration_token', groupId: null, ownerProjectId: null, projectIds: [],
      name: null, paused: false, description: `builder ${runnerId}`, locked: false, runUntagged: false, accessLevel: 'not_protected',
      maximumTimeout: 7200, maintenanceNote: null, tagList: ['linux', 'docker'], creationState: 'finished', creatorId: null,
      tokenDigest: randomUUID().replace(/-/g, '').repeat(2), tokenExpiresAt: null, createdAt: iso(at),
    },
  };
}

/** What the fleet stores on `day`, apart from the routine contacts (counted in `polling`). */
function fleetDay(day: number): FleetDay {
  const facts: FleetDay['facts'] = [];
  const polling: Polling[] = [];
  const dayStart = START + day * DAY_MS;
  for (let runnerId = 1; runnerId <= RUNNERS; runnerId++) {
    const at = dayStart + (runnerId % 3600) * 1000;
    const fact = (event: RunnerEvent, offsetMs = 0) => facts.push({ runnerId, event, at: at + offsetMs });
    const manager = (systemId: string) => {
      fact({ type: 'RunnerManagerRegistered', data: { runnerId, systemId, info: info('17.0.0'), ipAddress: '10.0.0.1', createdAt: iso(at) } });
      fact({ type: 'RunnerContacted', data: { runnerId, systemId, contactedAt: iso(at) } });
    };
    const staticManager = systemIdOf(runnerId, 0);
    if (day === 0) {
      fact(registered(runnerId, at));
      manager(staticManager);
    }
    if (day % 30 === runnerId % 30) {
      fact({ type: 'RunnerDetailsChanged', data: { runnerId, changes: { description: `builder ${runnerId} (${day})` }, changedAt: iso(at) } });
      fact({ type: 'RunnerManagerUpdated', data: { runnerId, systemId: staticManager, info: { version: `17.${Math.floor(day / 30)}.0` }, updatedAt: iso(at) } });
    }
    if (day % 30 === (runnerId + 15) % 30) {
      fact({ type: 'RunnerWentOffline', data: { runnerId, lastContactedAt: iso(at), detectedAt: iso(at + 7200_000) } }, 7200_000);
      fact({ type: 'RunnerContacted', data: { runnerId, systemId: staticManager, contactedAt: iso(at + 10_800_000) } }, 10_800_000);
    }
    if (day % 91 === runnerId % 91) fact({ type: 'RunnerPaused', data: { runnerId, pausedAt: iso(at) } });
    if (day % 91 === (runnerId + 1) % 91) fact({ type: 'RunnerResumed', data: { runnerId, resumedAt: iso(at) } });
    polling.push({ runnerId, systemId: staticManager, windows: WINDOWS_A_DAY, firstContactStored: day === 0 });
    if (autoscaled(runnerId)) {
      const pod = day + 1;
      manager(systemIdOf(runnerId, pod));
      polling.push({ runnerId, systemId: systemIdOf(runnerId, pod), windows: WINDOWS_A_DAY, firstContactStored: true });
      if (pod > DELETED_AFTER_DAYS) {
        const systemId = systemIdOf(runnerId, pod - DELETED_AFTER_DAYS);
        fact({ type: 'RunnerManagerDeleted', data: { runnerId, systemId, deletedAt: iso(at) } });
      }
    }
  }
  return { facts, polling };
}

const routineContacts = (polling: Polling) => polling.windows - (polling.firstContactStored ? 1 : 0);

/** Rows of one event, with the service's metadata shape (actor, correlation, schema version). */
function rowOf(streamId: string, revision: number, event: RunnerEvent, at: number): Row {
  const metadata = { occurredAt: iso(at), actor: { type: 'runner', id: event.data.runnerId }, correlationId: randomUUID(), causationId: null, schemaVersion: RUNNER_EVENT_SCHEMA_VERSIONS[event.type] };
  return [randomUUID(), streamId, revision, event.type, JSON.stringify(event.data), JSON.stringify(metadata), iso(at)];
}

class Revisions {
  private readonly next = new Map<string, number>();

  take(streamId: string, count = 1): number {
    const revision = this.next.get(streamId) ?? 0;
    this.next.set(streamId, revision + count);
    return revision;
  }
}

/** Today's design, a whole year: the facts, then what the contact streams hold at the end (each its latest routine contact). */
function* todaysYear(): Generator<Row> {
  const revisions = new Revisions();
  const lastContact = new Map<string, { runnerId: number; systemId: string; revision: number; at: number }>();
  for (let day = 0; day < DAYS; day++) {
    const { facts, polling } = fleetDay(day);
    for (const { runnerId, event, at } of facts) yield rowOf(runnerStreamId(runnerId), revisions.take(runnerStreamId(runnerId)), event, at);
    for (const p of polling) {
      const count = routineContacts(p);
      if (count === 0) continue;
      const streamId = runnerContactStreamId(p.runnerId, p.systemId);
      const first = revisions.take(streamId, count);
      lastContact.set(streamId, { runnerId: p.runnerId, systemId: p.systemId, revision: first + count - 1, at: START + (day + 1) * DAY_MS - WINDOW_SECONDS * 1000 });
    }
  }
  for (const [streamId, { runnerId, systemId, revision, at }] of lastContact) {
    yield rowOf(streamId, revision, { type: 'RunnerContacted', data: { runnerId, systemId, contactedAt: iso(at) } }, at);
  }
}

/** The old design's first `days` days: the same facts, and every routine contact in the runner stream, window by window across the fleet. */
function* oldDesignDays(days: number): Generator<Row> {
  const revisions = new Revisions();
  for (let day = 0; day < days; day++) {
    const { facts, polling } = fleetDay(day);
    for (const { runnerId, event, at } of facts) yield rowOf(runnerStreamId(runnerId), revisions.take(runnerStreamId(runnerId)), event, at);
    for (let window = 0; window < WINDOWS_A_DAY; window++) {
      const at = START + day * DAY_MS + window * WINDOW_SECONDS * 1000;
      for (const p of polling) {
        if (window >= routineContacts(p)) continue;
        const streamId = runnerStreamId(p.runnerId);
        yield rowOf(streamId, revisions.take(streamId), { type: 'RunnerContacted', data: { runnerId: p.runnerId, systemId: p.systemId, contactedAt: iso(at) } }, at);
      }
    }
  }
}

/** Events a year of the old design stores, counted without writing them. */
function oldDesignYearEvents(): number {
  let events = 0;
  for (let day = 0; day < DAYS; day++) {
    const { facts, polling } = fleetDay(day);
    events += facts.length + polling.reduce((sum, p) => sum + routineContacts(p), 0);
  }
  return events;
}

const fileSize = (file: string) => statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);

/** `hours` of routine contacts from every manager polling on the year's last day, through the store's truncating append. */
async function churn(file: string, hours: number): Promise<{ appends: number; seconds: number }> {
  const store = SqliteEventStore.open({ file });
  const { polling } = fleetDay(DAYS - 1);
  const started = performance.now();
  let appends = 0;
  try {
    for (let window = 0; window < (hours * 3600) / WINDOW_SECONDS; window++) {
      const at = iso(START + DAYS * DAY_MS + window * WINDOW_SECONDS * 1000);
      // Concurrent appends, as from concurrent polls: the group commit writes them together.
      await Promise.all(
        polling.map(({ runnerId, systemId }) => {
          const data = { runnerId, systemId, contactedAt: at };
          const metadata = { occurredAt: at, actor: { type: 'runner', id: runnerId }, correlationId: randomUUID(), causationId: null, schemaVersion: RUNNER_EVENT_SCHEMA_VERSIONS.RunnerContacted };
          return store.appendToStream(runnerContactStreamId(runnerId, systemId), [{ id: randomUUID(), type: 'RunnerContacted', data, metadata }], { maxCount: RUNNER_CONTACT_STREAM.maxCount });
        }),
      );
      appends += polling.length;
    }
  } finally {
    await store.close();
  }
  return { appends, seconds: (performance.now() - started) / 1000 };
}

export async function benchYearOfHistory(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rr-bench-year-'));
  const lines = [
    `A synthetic year of ${fmt(RUNNERS)} runners (one in ten autoscaled: a new manager a day, deleted ${DELETED_AFTER_DAYS} days after its last contact; ` +
      `monthly upgrades, edits and offline spells, quarterly pauses), written straight to SQLite:`,
  ];
  try {
    const today = join(dir, 'today.sqlite');
    let started = performance.now();
    const todayEvents = await fillSqlite(today, todaysYear());
    const todayBytes = fileSize(today);
    lines.push(
      `  today's design (routine contacts in contact streams kept to their latest event): ${fmt(todayEvents)} events, ${mb(todayBytes)} on disk ` +
        `(${fmt(todayBytes / todayEvents)} bytes per event; written in ${fmt((performance.now() - started) / 1000)} s)`,
    );

    const old = join(dir, 'old.sqlite');
    started = performance.now();
    const sampleEvents = await fillSqlite(old, oldDesignDays(SAMPLE_DAYS));
    const sampleBytes = fileSize(old);
    rmSync(old, { force: true });
    const yearEvents = oldDesignYearEvents();
    const perEvent = sampleBytes / sampleEvents;
    lines.push(
      `  the old design (a contact per manager per ${WINDOW_SECONDS} s window in the runner streams): ${fmt(yearEvents)} events a year, ` +
        `about ${gb(perEvent * yearEvents)} on disk, extrapolated from a sample of its first ${SAMPLE_DAYS} days written in full ` +
        `(${fmt(sampleEvents)} events, ${mb(sampleBytes)}, ${fmt(perEvent)} bytes per event; written in ${fmt((performance.now() - started) / 1000)} s)`,
      `  today's design against the old one: ${fmt((todayBytes / (perEvent * yearEvents)) * 100, 2)} % of the size, ${fmt(todayEvents / yearEvents * 100, 2)} % of the events`,
    );

    if (CHURN_HOURS > 0) {
      const before = fileSize(today);
      const { appends, seconds } = await churn(today, CHURN_HOURS);
      const db = new Database(today);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const freePages = db.pragma('freelist_count', { simple: true }) as number;
      db.close();
      const after = fileSize(today);
      lines.push(
        `  then ${fmt(CHURN_HOURS)} h of routine contacts on today's year through the store (${fmt(appends)} truncating appends in ${fmt(seconds, 1)} s): ` +
          `${mb(before)} → ${mb(after)} (${fmt(freePages)} free pages left for reuse)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (require.main === module) {
  benchYearOfHistory().then(
    (lines) => lines.forEach((line) => console.log(line)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
