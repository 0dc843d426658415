import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { FIXTURE_FILE } from './fixture-directory';

/** The built service (`npm test` builds before running jest), as its own OS process. */
export const SERVICE_MAIN = resolve(__dirname, '../../dist/apps/runner-registry/src/main.js');

export interface ServiceProcess {
  readonly url: string;
  readonly child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Everything the process wrote to stdout and stderr so far (with `keepOutput`; else up to its start). */
  output(): string;
}

export interface ServiceProcessOptions {
  /** Keep collecting stdout after the start (log assertions); by default it is drained and dropped. */
  readonly keepOutput?: boolean;
}

export async function startServiceProcess(env: Record<string, string>, options: ServiceProcessOptions = {}): Promise<ServiceProcess> {
  if (!existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} is missing: run "npm run build" first (npm test does)`);
  // PORT=0: the OS picks a free port and the service logs it, so parallel jest workers never collide.
  const child = spawn(process.execPath, [SERVICE_MAIN], {
    // KAFKA_BROKERS from the jest global setup is not inherited: a service joins Kafka (relay, consumer
    // group) only when its test asks, so processes of unrelated tests never share a consumer group.
    env: { ...process.env, KAFKA_BROKERS: '', NO_COLOR: '1', DIRECTORY_SEED_FILE: FIXTURE_FILE, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${stderr}`);
    const port = /Listening on [^\s]+:(\d+)/.exec(stdout)?.[1];
    if (!port) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const url = `http://127.0.0.1:${port}`;
    try {
      await fetch(`${url}/api/v4/runners/all`);
      if (!options.keepOutput) child.stdout!.removeAllListeners('data').resume();
      return {
        url,
        child,
        output: () => stdout + stderr,
        async kill(signal = 'SIGTERM') {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill(signal);
          await once(child, 'exit');
        },
      };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`service did not start: ${stderr}`);
}
