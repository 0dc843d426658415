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
}

let nextPort = 20000 + Math.floor(Math.random() * 20000);

export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  if (!existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} is missing: run "npm run build" first (npm test does)`);
  const port = nextPort++;
  const child = spawn(process.execPath, [SERVICE_MAIN], {
    env: { ...process.env, DIRECTORY_SEED_FILE: FIXTURE_FILE, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${stderr}`);
    try {
      await fetch(`${url}/api/v4/runners/all`);
      return {
        url,
        child,
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
