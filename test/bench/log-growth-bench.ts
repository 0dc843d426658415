/**
 * How the log grows with idle runners: runners whose managers poll steadily and change nothing, for
 * simulated days, through the real service (HTTP inject, SQLite, the status monitor sweeping hourly)
 * with a clock the bench moves. Counted per idle manager per day, after its first contact:
 * - today's design (before contact streams): every stored contact went to the runner stream, so
 *   what would have been appended = runner-stream events + routine contacts appended;
 * - this design: what the log actually grows by (contact streams keep their latest event only).
 * Both come from the same run: a routine contact's stream revision counts every contact ever
 * appended to it, even those truncated since.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Clock } from '@app/common/clock';
import { loadConfig } from '@app/config/app-config';
import { runnerContactStreamId, runnerStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { createApp } from '../../apps/runner-registry/src/app.factory';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { StatusMonitor } from '../../apps/runner-registry/src/runners/record-status-transitions/status-monitor.timer';

const MANAGERS = Number(process.env.BENCH_LOG_GROWTH_MANAGERS ?? 5);
const DAYS = Number(process.env.BENCH_LOG_GROWTH_DAYS ?? 2);
const POLL_SECONDS = Number(process.env.BENCH_LOG_GROWTH_POLL_SECONDS ?? 60);
/** The throttle windows simulated: the default and a short one (many windows a day). */
const WINDOWS = (process.env.BENCH_LOG_GROWTH_WINDOWS ?? '900,60').split(',').map(Number);
const REGISTRATION_TOKEN = 'GR1348941-instance-registration-0001';
const START = Date.parse('2026-11-02T08:00:00.000Z');
const DAY_SECONDS = 24 * 3600;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The directory seed, from the source tree (ts-node, jest) or next to dist (npm run bench). */
function seedFile(): string {
  const candidates = [resolve(__dirname, '../../config/directory.example.json'), resolve(__dirname, '../../../config/directory.example.json')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`directory.example.json not found in ${candidates.join(', ')}`);
  return found;
}

interface DayCount {
  /** Events today's design would have appended: runner-stream events plus routine contacts. */
  readonly before: number;
  /** Events the log grew by. */
  readonly after: number;
}

async function simulate(windowSeconds: number): Promise<{ days: DayCount[]; logEvents: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-log-growth-'));
  const config = loadConfig({
    DIRECTORY_SEED_FILE: seedFile(),
    STATUS_MONITOR_INTERVAL_MS: '0',
    RUNNER_CONTACT_THROTTLE_SECONDS: String(windowSeconds),
    DATA_DIR: dataDir,
    PORT: '0',
  });
  // The app is driven through inject and never listens: without a handle of its own, the process
  // would exit while it awaits work the app schedules on unref'd timers (it did, silently, with code 0).
  const keepAlive = setInterval(() => undefined, 1000);
  const app = await createApp(config, false).catch((error: unknown) => {
    clearInterval(keepAlive);
    throw error;
  });
  try {
    let now = START;
    app.get(Clock).now = () => new Date(now);
    const fastify = app.getHttpAdapter().getInstance();
    const store = app.get<EventStore>(EVENT_STORE);
    const monitor = app.get(StatusMonitor);

    const runners: { id: number; token: string }[] = [];
    for (let i = 0; i < MANAGERS; i++) {
      const response = await fastify.inject({ method: 'POST', url: '/api/v4/runners', payload: { token: REGISTRATION_TOKEN } });
      runners.push(JSON.parse(response.body));
    }
    const pollAll = async () => {
      for (const runner of runners) {
        const response = await fastify.inject({ method: 'POST', url: '/api/v4/jobs/request', payload: { token: runner.token, system_id: `s_${runner.id}`, info: { version: '17.0.0' } } });
        if (response.statusCode !== 204) throw new Error(`poll answered ${response.statusCode}: ${response.body}`);
      }
    };
    const runnerStreamEvents = async () => {
      let total = 0;
      for (const runner of runners) total += (await store.readStream(runnerStreamId(runner.id))).length;
      return total;
    };
    /** Routine contacts ever appended: the revisions count the truncated ones too. */
    const routineContacts = async () => {
      let total = 0;
      for (const runner of runners) {
        const [latest] = await store.readStream(runnerContactStreamId(runner.id, `s_${runner.id}`));
        total += latest ? latest.revision + 1 : 0;
      }
      return total;
    };
    const logSize = async () => (await store.readAll()).length;

    await pollAll(); // the first contact: a significant fact in both designs, not counted
    const days: DayCount[] = [];
    for (let day = 0; day < DAYS; day++) {
      const [runnerBefore, routineBefore, logBefore] = [await runnerStreamEvents(), await routineContacts(), await logSize()];
      const end = now + DAY_SECONDS * 1000;
      while (now < end) {
        now += POLL_SECONDS * 1000;
        await pollAll();
        if ((now - START) % (3600 * 1000) === 0) await monitor.sweep();
      }
      const [runnerAfter, routineAfter, logAfter] = [await runnerStreamEvents(), await routineContacts(), await logSize()];
      days.push({ before: (runnerAfter - runnerBefore + routineAfter - routineBefore) / MANAGERS, after: (logAfter - logBefore) / MANAGERS });
    }
    return { days, logEvents: await logSize() };
  } finally {
    await app.close();
    clearInterval(keepAlive);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Stored events per idle manager per day, today's design against contact streams; one line per window simulated. */
export async function benchLogGrowth(): Promise<string[]> {
  const lines = [
    `log growth: ${MANAGERS} idle runners (one manager each) polling every ${POLL_SECONDS} s for ${DAYS} simulated days, SQLite, status monitor hourly`,
  ];
  for (const windowSeconds of WINDOWS) {
    const { days, logEvents } = await simulate(windowSeconds);
    const perDay = days.map((d, i) => `day ${i + 1}: ${fmt(d.before, 1)} → ${fmt(d.after, 1)}`).join(', ');
    lines.push(
      `  throttle window ${fmt(windowSeconds)} s: stored events per idle manager (before → after contact streams) ${perDay}; ` +
        `the log holds ${fmt(logEvents)} events in all (directory seed included)`,
    );
  }
  return lines;
}

if (require.main === module) {
  benchLogGrowth().then(
    (lines) => lines.forEach((line) => console.log(line)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
