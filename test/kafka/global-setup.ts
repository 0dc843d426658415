/**
 * Jest globalSetup: makes a Kafka broker available to the tests as KAFKA_BROKERS.
 *
 * - KAFKA_BROKERS already set (CI service, docker compose, a broker you run yourself): used as is.
 * - Otherwise: starts a throwaway single-node broker with scripts/kafka/start.sh on a free port
 *   (jars from Maven Central, cached in ~/.cache/runner-registry) and exports KAFKA_BROKERS.
 *
 * It never skips: if the broker cannot start, setup throws and the run fails with the broker log tail.
 * globalTeardown (./global-teardown.ts) stops only a broker that this setup started.
 */
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const START_SCRIPT = path.resolve(__dirname, '../../scripts/kafka/start.sh');
export const STOP_SCRIPT = path.resolve(__dirname, '../../scripts/kafka/stop.sh');

/** Shared with global-teardown.ts (both run in jest's main process and context). */
export interface StartedKafka {
  stateDir: string;
  brokers: string;
}
const STARTED_KEY = '__RUNNER_REGISTRY_STARTED_KAFKA__';
export function startedKafka(): StartedKafka | undefined {
  return (globalThis as Record<string, unknown>)[STARTED_KEY] as StartedKafka | undefined;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port p with p and p+1 (controller) both free on 127.0.0.1, picked at random in 19092-28991. */
async function pickPorts(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 19092 + 2 * Math.floor(Math.random() * 4950);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('Kafka global setup: no free pair of ports found in 19092-28991');
}

export default async function globalSetup(): Promise<void> {
  // Jest prints nothing of a test file whose tests are all skipped, so the reason is printed here.
  if (!process.env.EVENTSTORE_CONNECTION_STRING) {
    process.stderr.write(
      '\n[eventstoredb] EVENTSTORE_CONNECTION_STRING is unset: the EventStoreDB contract suite ' +
        '(libs/event-store/src/eventstoredb/eventstoredb-event-store.spec.ts) is skipped, because no EventStoreDB ' +
        'runs on this machine (no Docker engine). Set it to an esdb:// connection string to run it.\n',
    );
  }
  const preset = process.env.KAFKA_BROKERS?.trim();
  if (preset) {
    process.stderr.write(`\n[kafka] using KAFKA_BROKERS=${preset}\n`);
    return;
  }

  const port = await pickPorts();
  const stateDir = path.join(os.tmpdir(), `runner-registry-kafka-jest-${port}`);
  const started = Date.now();
  process.stderr.write(`\n[kafka] KAFKA_BROKERS is unset; starting a broker on 127.0.0.1:${port}\n`);
  const result = spawnSync('bash', [START_SCRIPT], {
    env: { ...process.env, KAFKA_PORT: String(port), KAFKA_STATE_DIR: stateDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60 * 1000, // the first run downloads the jars from Maven Central
    killSignal: 'SIGKILL',
  });
  const brokers = `127.0.0.1:${port}`;
  if (result.status !== 0) {
    // Stop whatever may have come up half-way; never leave a stray JVM behind.
    spawnSync('bash', [STOP_SCRIPT], { env: { ...process.env, KAFKA_STATE_DIR: stateDir, KAFKA_STOP_GRACE: '5' } });
    const why = result.error ? String(result.error) : `exit status ${result.status ?? result.signal}`;
    throw new Error(
      `Kafka global setup: scripts/kafka/start.sh failed (${why}). ` +
        'Java 17 and Maven (or cached jars) are required, or set KAFKA_BROKERS to an existing broker.\n' +
        `${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
  (globalThis as Record<string, unknown>)[STARTED_KEY] = { stateDir, brokers } satisfies StartedKafka;
  process.env.KAFKA_BROKERS = brokers; // inherited by the test workers, which start after globalSetup
  process.stderr.write(`[kafka] broker ready at ${brokers} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}
