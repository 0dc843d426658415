/**
 * How long an idle service with KAFKA_BROKERS set takes from SIGTERM to exit (target ≤ 2 s; the
 * inbound consumer's stop used to wait for the fetch in flight, which kafkajs's default long poll
 * holds open up to 5 s, and longer with a group join under way).
 * Part of the relay section, on the same broker: each run starts the built service on a fresh
 * DATA_DIR and consumer group, waits until the relay relays and the consumers joined their group,
 * lets it idle, and times the stop.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startService } from './processes';

const DIST_ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(DIST_ROOT, '../config/directory.example.json');
const RUNS = 3;
const IDLE_MS = 3_000;

async function readinessRelayState(url: string): Promise<unknown> {
  const report = (await (await fetch(`${url}/-/readiness`)).json()) as { info?: { kafka_relay?: { state?: string } } };
  return report.info?.kafka_relay?.state;
}

async function oneStop(brokers: readonly string[]): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-bench-stop-'));
  const port = String(4100 + Math.floor(Math.random() * 800));
  const service = await startService(DIST_ROOT, {
    DATA_DIR: dataDir,
    PORT: port,
    DIRECTORY_SEED_FILE: FIXTURE,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_CONSUMER_GROUP: `bench-stop-${randomUUID()}`,
  });
  try {
    for (const deadline = Date.now() + 30_000; (await readinessRelayState(service.url)) !== 'relaying'; ) {
      if (Date.now() > deadline) throw new Error('the relay did not start relaying within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const exited = once(service.child, 'exit');
    const started = performance.now();
    service.child.kill('SIGTERM');
    await exited;
    return performance.now() - started;
  } finally {
    // The service has exited (on the signal, or by itself): stop() would wait for an exit that already happened.
    if (service.child.exitCode === null && service.child.signalCode === null) await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchIdleStop(brokers: readonly string[]): Promise<string> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await oneStop(brokers));
  const sorted = [...times].sort((a, b) => a - b);
  const max = sorted[sorted.length - 1];
  const fmt = (ms: number) => ms.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return `Idle service with KAFKA_BROKERS, SIGTERM to exit (${RUNS} runs): median ${fmt(sorted[Math.floor(RUNS / 2)])} ms, max ${fmt(max)} ms (target ≤ 2,000 ms) ${max <= 2000 ? 'ok' : 'ABOVE TARGET'}`;
}
