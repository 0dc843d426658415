/**
 * The relay catching up after a Kafka outage, beside live API traffic (part of BENCH_ONLY=relay).
 *
 * The built service runs with the bench's broker. Throughout, a steady open-loop load:
 * BENCH_CATCH_UP_WRITES (300) `PUT /runners/:id` a second, and 200 `GET /runners/:id` a second
 * whose latencies are the API's p99. Three phases:
 * 1. normal, 20 s after a 10 s warm-up, the relay keeping up;
 * 2. an outage of BENCH_CATCH_UP_OUTAGE_SECONDS (60): the broker is frozen (SIGSTOP), the writes go on
 *    and pile up in the log;
 * 3. the broker thaws (SIGCONT), and the relay catches up the backlog; measured until the relay's lag
 *    is 0 (from /metrics).
 * Printed: the backlog, the catch-up time, the API p99 in phases 1 and 3 (target: 3 within 2x of
 * 1), the service's worst event-loop delay during the catch-up, and the largest the log's WAL file
 * grew. BENCH_CATCH_UP_RUNS (1) repeats it, each run on a fresh service.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startService, type Server } from './processes';

const WRITES_PER_SECOND = Number(process.env.BENCH_CATCH_UP_WRITES ?? 300);
const READS_PER_SECOND = 200;
const OUTAGE_SECONDS = Number(process.env.BENCH_CATCH_UP_OUTAGE_SECONDS ?? 60);
const RUNS = Number(process.env.BENCH_CATCH_UP_RUNS ?? 1);
const NORMAL_SECONDS = 20;
const WARM_UP_SECONDS = 10;
const RUNNERS = 300;
const DIST_ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(DIST_ROOT, '../config/directory.example.json');
const ADMIN = { 'private-token': 'glpat-root-0000000000000001', 'content-type': 'application/json' };

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Requests at a fixed rate whatever the answers take (open loop), so a stall shows in the latencies. */
class SteadyLoad {
  private readonly latencies: number[] = [];
  private stopped = false;
  private done: Promise<void>;
  failures = 0;

  constructor(rate: number, send: (i: number) => Promise<Response>) {
    this.done = (async () => {
      const started = performance.now();
      const inFlight = new Set<Promise<void>>();
      for (let i = 0; !this.stopped; i++) {
        const wait = started + (i * 1000) / rate - performance.now();
        if (wait > 1) await sleep(wait);
        const sent = performance.now();
        const request = send(i).then(
          async (response) => {
            await response.arrayBuffer();
            if (!response.ok) this.failures++;
            this.latencies.push(performance.now() - sent);
          },
          () => void this.failures++,
        );
        inFlight.add(request);
        void request.finally(() => inFlight.delete(request));
      }
      await Promise.all(inFlight);
    })();
  }

  /** The latencies since the last call. */
  take(): number[] {
    return this.latencies.splice(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? NaN;
};

/** The relay's lag, and the worst event-loop delay since the previous scrape (prom-client resets it on each). */
async function scrape(service: Server): Promise<{ lag: number; loopMaxMs: number }> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const value = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
    return line ? Number(line.split(' ').pop()) : NaN;
  };
  return { lag: value('runner_registry_kafka_relay_lag_events'), loopMaxMs: value('nodejs_eventloop_lag_max_seconds') * 1000 };
}

async function registerRunners(service: Server): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < RUNNERS; i++) {
    const response = await fetch(`${service.url}/api/v4/user/runners`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ runner_type: 'instance_type', description: `catch-up ${i}` }) });
    if (response.status !== 201) throw new Error(`runner registration answered ${response.status}`);
    ids.push(((await response.json()) as { id: number }).id);
  }
  return ids;
}

export async function benchRelayCatchUp(brokers: string[], brokerPid: number | undefined): Promise<string[]> {
  if (brokerPid === undefined) return ['Relay catch-up after an outage: skipped, the broker in KAFKA_BROKERS is not this bench\'s to freeze'];
  const lines: string[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const result = await catchUpOnce(brokers, brokerPid);
    lines.push(...(RUNS > 1 ? [`run ${run} of ${RUNS} (load average ${loadavg().map((n) => fmt(n, 2)).join(' ')}):`, ...result] : result));
    if (RUNS > 1) console.log(lines.slice(-result.length - 1).join('\n'));
  }
  return lines;
}

/**
 * CPU seconds used so far by the service's main thread (the event loop that answers requests) and by
 * the whole process (every thread), from Linux's /proc; NaN elsewhere. Unlike latencies, these do not
 * depend on how busy the rest of the machine is.
 */
function cpuSeconds(pid: number): { main: number; process: number } {
  const ticks = (file: string) => {
    try {
      // Fields 14 and 15 (utime, stime), counted after the command name's closing parenthesis.
      const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
    } catch {
      return NaN;
    }
  };
  return { main: ticks(`/proc/${pid}/task/${pid}/stat`), process: ticks(`/proc/${pid}/stat`) };
}

/** Share of one core used between two readings, in percent. */
const corePercent = (from: number, to: number, seconds: number) => fmt((100 * (to - from)) / seconds);

/** The largest size the WAL file reached, sampled every 100 ms until stopped. */
function walHighWater(file: string): () => number {
  let largest = 0;
  const sample = () => (largest = Math.max(largest, existsSync(file) ? statSync(file).size : 0));
  const timer = setInterval(sample, 100);
  return () => {
    clearInterval(timer);
    sample();
    return largest;
  };
}

async function catchUpOnce(brokers: string[], brokerPid: number): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rr-bench-catch-up-'));
  const env = { DATA_DIR: dataDir, PORT: String(7000 + Math.floor(Math.random() * 900)), DIRECTORY_SEED_FILE: FIXTURE, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: `bench-catch-up-${Date.now()}`, LOG_LEVEL: 'warn' };
  const service = await startService(DIST_ROOT, env);
  const walPeak = walHighWater(join(dataDir, 'events.sqlite-wal'));
  let frozen = false;
  try {
    const ids = await registerRunners(service);
    const writes = new SteadyLoad(WRITES_PER_SECOND, (i) =>
      fetch(`${service.url}/api/v4/runners/${ids[i % ids.length]}`, { method: 'PUT', headers: ADMIN, body: JSON.stringify({ description: `write ${i}` }) }),
    );
    const reads = new SteadyLoad(READS_PER_SECOND, (i) => fetch(`${service.url}/api/v4/runners/${ids[(i * 7) % ids.length]}`, { headers: ADMIN }));
    try {
      // Warm-up (JIT, connections) before the normal phase is measured.
      await sleep(WARM_UP_SECONDS * 1000);
      reads.take();
      const normalStarted = { at: performance.now(), cpu: cpuSeconds(service.child.pid!) };
      await sleep(NORMAL_SECONDS * 1000);
      const normalCpu = cpuSeconds(service.child.pid!);
      const normalSeconds = (performance.now() - normalStarted.at) / 1000;
      const normal = reads.take();
      const normalWrites = writes.take();
      const before = await scrape(service);
      process.kill(brokerPid, 'SIGSTOP');
      frozen = true;
      await sleep(OUTAGE_SECONDS * 1000);
      reads.take();
      writes.take();
      const backlog = (await scrape(service)).lag;
      process.kill(brokerPid, 'SIGCONT');
      frozen = false;
      const thawed = performance.now();
      const thawedCpu = cpuSeconds(service.child.pid!);
      let lag = backlog;
      let loopMax = 0;
      while (lag > WRITES_PER_SECOND && performance.now() - thawed < 300_000) {
        await sleep(250);
        const now = await scrape(service);
        lag = now.lag;
        loopMax = Math.max(loopMax, now.loopMaxMs);
      }
      const catchUpSeconds = (performance.now() - thawed) / 1000;
      const caughtUpCpu = cpuSeconds(service.child.pid!);
      const during = reads.take();
      const duringWrites = writes.take();
      const ratio = p99(during) / p99(normal);
      const failures = reads.failures + writes.failures;
      return [
        `Relay catch-up after a ${OUTAGE_SECONDS} s outage (broker frozen) under ${WRITES_PER_SECOND} writes/s and ${READS_PER_SECOND} reads/s of the API:`,
        `  lag before the outage ${fmt(before.lag)} events; backlog ${fmt(backlog)} events, caught up in ${fmt(catchUpSeconds, 1)} s (${fmt(backlog / catchUpSeconds)} events/s beside the load)`,
        `  GET /runners/:id p99: ${fmt(p99(normal), 1)} ms normally, ${fmt(p99(during), 1)} ms during the catch-up: ${fmt(ratio, 2)}x (target ≤ 2x) ${ratio <= 2 ? 'ok' : 'ABOVE TARGET'}`,
        `  PUT /runners/:id p99: ${fmt(p99(normalWrites), 1)} ms normally, ${fmt(p99(duringWrites), 1)} ms during the catch-up: ${fmt(p99(duringWrites) / p99(normalWrites), 2)}x`,
        `  CPU, in % of a core: the API's thread ${corePercent(normalStarted.cpu.main, normalCpu.main, normalSeconds)} normally, ${corePercent(thawedCpu.main, caughtUpCpu.main, catchUpSeconds)} during the catch-up; ` +
          `the whole service ${corePercent(normalStarted.cpu.process, normalCpu.process, normalSeconds)} and ${corePercent(thawedCpu.process, caughtUpCpu.process, catchUpSeconds)}`,
        `  the service's worst event-loop delay during the catch-up: ${fmt(loopMax, 1)} ms; ${failures} failed requests; the WAL file peaked at ${fmt(walPeak() / 1e6, 1)} MB`,
      ];
    } finally {
      await Promise.all([writes.stop(), reads.stop()]);
    }
  } finally {
    if (frozen) process.kill(brokerPid, 'SIGCONT');
    walPeak();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
