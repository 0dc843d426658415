/**
 * Relay benchmark (BENCH_ONLY=relay runs it alone; BENCH_RELAY_PARTS=catch-up only its catch-up part,
 * see relayParts): against a local broker (KAFKA_BROKERS, or one started here with
 * scripts/kafka/start.sh), with the relay's production settings (RELAY_DEFAULTS):
 *
 * - throughput: a store pre-filled with BENCH_RELAY_EVENTS (200,000) events, timed from the relay's
 *   start until the broker has acknowledged the last one (target ≥ 20,000 events/s), after a
 *   30,000-event warm-up run;
 * - latency: events appended at a steady BENCH_RELAY_RATE (500/s) for BENCH_RELAY_SECONDS (10 s),
 *   consumed with kafkajs; from the moment appendToStream was called to the moment the consumer
 *   receives the message; p50/p99 (target p99 ≤ 250 ms).
 *
 * Store, relay and consumer share this process (and the machine with the broker), so the figures
 * are a floor for what the service alone would do.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore, type EventData } from '@app/event-store';
import { ensureTopic, KafkaRelay, RELAY_DEFAULTS, type RelayCheckpoint } from '@app/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { benchRelayCatchUp } from './relay-catch-up-bench';
import { benchIdleStop } from './shutdown-bench';

const EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 200_000);
const RATE = Number(process.env.BENCH_RELAY_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_RELAY_SECONDS ?? 10);
/** The repository root, from src (ts) or dist (js). */
const ROOT = [resolve(__dirname, '../..'), resolve(__dirname, '../../..')].find((dir) => require('node:fs').existsSync(join(dir, 'scripts/kafka/start.sh')))!;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A runner's life in realistic payloads (with digests the relay must strip). */
function eventFor(i: number): EventData {
  const runnerId = 1 + (i % 5000);
  const now = new Date().toISOString();
  const metadata = { occurredAt: now, actor: { type: 'user', id: 1 }, correlationId: randomUUID(), causationId: randomUUID(), schemaVersion: 1 };
  if (i % 4 === 0) {
    return {
      id: randomUUID(),
      type: 'RunnerDetailsChanged',
      data: { runnerId, changes: { description: `runner ${runnerId} round ${i}`, tagList: ['linux', 'docker'], maximumTimeout: 3600 }, changedAt: now },
      metadata,
    };
  }
  if (i % 4 === 1) return { id: randomUUID(), type: 'RunnerAuthenticationTokenReset', data: { runnerId, tokenDigest: `sha256:${'ab'.repeat(32)}`, tokenExpiresAt: null, resetAt: now }, metadata };
  if (i % 4 === 2) return { id: randomUUID(), type: 'RunnerPaused', data: { runnerId, pausedAt: now }, metadata };
  return { id: randomUUID(), type: 'RunnerContacted', data: { runnerId, contactedAt: now, ipAddress: '10.0.0.1', version: '17.5.0', platform: 'linux', architecture: 'amd64' }, metadata };
}

const memoryCheckpoint = (): RelayCheckpoint & { position: number } => {
  const checkpoint = { position: 0, load: async () => checkpoint.position, save: async (p: number) => void (checkpoint.position = p) };
  return checkpoint;
};

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = net.createServer();
    server.once('error', () => done(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

function script(name: string, env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('bash', [join(ROOT, 'scripts/kafka', name)], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${name} failed: ${stderr}`))));
  });
}

/** KAFKA_BROKERS, or a broker started for the bench (stopped by the returned function). */
async function broker(): Promise<{ brokers: string[]; stop: () => Promise<void>; pid?: number }> {
  const preset = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (preset.length > 0) return { brokers: preset, stop: async () => undefined };
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 39000 + 2 * Math.floor(Math.random() * 3000);
    if (!(await portFree(port)) || !(await portFree(port + 1))) continue;
    const stateDir = join(tmpdir(), `runner-registry-kafka-bench-${port}`);
    await script('start.sh', { KAFKA_PORT: String(port), KAFKA_STATE_DIR: stateDir });
    const pid = Number(readFileSync(join(stateDir, 'kafka.pid'), 'utf8'));
    return { brokers: [`127.0.0.1:${port}`], pid, stop: () => script('stop.sh', { KAFKA_STATE_DIR: stateDir, KAFKA_STOP_GRACE: '10' }) };
  }
  throw new Error('no free port pair for a bench broker');
}

async function throughput(brokers: string[], dir: string, events: number): Promise<{ seconds: number; perSecond: number }> {
  const store = SqliteEventStore.open({ file: join(dir, `throughput-${events}.sqlite`) });
  try {
    for (let i = 0; i < events; ) {
      const batch: Array<Promise<unknown>> = [];
      // Appends to many streams at once, as concurrent commands would (group commit).
      for (let j = 0; j < 500 && i < events; j++, i++) batch.push(store.appendToStream(`runner-${1 + (i % 5000)}`, [eventFor(i)]));
      await Promise.all(batch);
    }
    const head = await store.headPosition();
    const topic = `bench-relay-${randomUUID().slice(0, 8)}`;
    await ensureTopic(brokers, { topic, partitions: 6 });
    const checkpoint = memoryCheckpoint();
    let done!: () => void;
    const caughtUp = new Promise<void>((resolve) => (done = resolve));
    const relay = new KafkaRelay(store, brokers, { topic, checkpoint, onAcknowledged: (position) => position >= head && done() });
    const started = process.hrtime.bigint();
    await relay.start();
    await caughtUp;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await relay.stop();
    return { seconds, perSecond: head / seconds };
  } finally {
    await store.close();
  }
}

async function latency(brokers: string[], dir: string): Promise<{ p50: number; p99: number; max: number; count: number }> {
  const store = SqliteEventStore.open({ file: join(dir, 'latency.sqlite') });
  const topic = `bench-latency-${randomUUID().slice(0, 8)}`;
  await ensureTopic(brokers, { topic, partitions: 6 });
  const consumer = new Kafka({ clientId: 'relay-bench', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `relay-bench-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const appendedAt = new Map<string, number>();
  const latencies: number[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const sent = appendedAt.get(String(message.headers!['event-id']));
      if (sent !== undefined) latencies.push(performance.now() - sent);
    },
  });
  const relay = new KafkaRelay(store, brokers, { topic, checkpoint: memoryCheckpoint() });
  await relay.start();
  try {
    // Warm-up (connections, the consumer's group join) before anything is measured.
    await store.appendToStream('runner-0', [eventFor(0)]);
    await new Promise((r) => setTimeout(r, 5000));
    const total = RATE * SECONDS;
    const started = performance.now();
    for (let i = 1; i <= total; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const event = eventFor(i);
      appendedAt.set(event.id, performance.now());
      void store.appendToStream(`runner-${1 + (i % 5000)}`, [event]);
    }
    const deadline = Date.now() + 30_000;
    while (latencies.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1], count: latencies.length };
  } finally {
    await relay.stop();
    await consumer.disconnect();
    await store.close();
  }
}

/** BENCH_RELAY_PARTS picks parts of the section (default all): throughput, latency, stop, catch-up. */
const PARTS = ['throughput', 'latency', 'stop', 'catch-up'] as const;
function relayParts(): Set<string> {
  const asked = (process.env.BENCH_RELAY_PARTS ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`BENCH_RELAY_PARTS: unknown part(s) ${unknown.join(', ')}; known: ${PARTS.join(', ')}`);
  return new Set(asked.length > 0 ? asked : PARTS);
}

/** Runs the measurements and returns the lines to print. */
export async function relayBench(): Promise<string[]> {
  const parts = relayParts();
  const dir = mkdtempSync(join(tmpdir(), 'runner-registry-bench-relay-'));
  const kafka = await broker();
  const lines = [`\nKafka relay (batch ${RELAY_DEFAULTS.batchSize}, no compression, idempotent, acks=all; broker ${kafka.brokers.join(',')} on this machine):`];
  try {
    if (parts.has('throughput')) {
      // Warm-up: a fresh broker's JIT and ours, before the measured run.
      await throughput(kafka.brokers, dir, Math.min(EVENTS, 30_000));
      const t = await throughput(kafka.brokers, dir, EVENTS);
      lines.push(`Relay throughput: ${fmt(EVENTS)} stored events relayed in ${fmt(t.seconds, 2)} s = ${fmt(t.perSecond)} events/s (target ≥ 20,000) ${t.perSecond >= 20_000 ? 'ok' : 'BELOW TARGET'}`);
    }
    if (parts.has('latency')) {
      const l = await latency(kafka.brokers, dir);
      lines.push(
        `Append → consumer latency at ${fmt(RATE)} events/s for ${SECONDS} s: p50 ${fmt(l.p50, 1)} ms, p99 ${fmt(l.p99, 1)} ms, max ${fmt(l.max, 1)} ms over ${fmt(l.count)} events (target p99 ≤ 250 ms) ${l.p99 <= 250 ? 'ok' : 'ABOVE TARGET'}`,
      );
    }
    if (parts.has('stop')) lines.push(await benchIdleStop(kafka.brokers));
    if (parts.has('catch-up')) lines.push(...(await benchRelayCatchUp(kafka.brokers, kafka.pid)));
    return lines;
  } finally {
    await kafka.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  relayBench().then(
    (lines) => lines.forEach((line) => console.log(line)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
