import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const stop = (child: ChildProcess) => async () => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
};

async function waitForHttp(url: string, timeoutMs = 30_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before ${url} answered`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The built service, on its own data directory and port. */
export async function startService(distRoot: string, env: Record<string, string>, readyTimeoutMs = 30_000): Promise<Server> {
  const port = env.PORT;
  // BENCH_SERVICE_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to see where a section's time goes.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(distRoot, 'apps/runner-registry/src/main.js')], {
    // No Kafka unless a section asks: a relay running beside the HTTP benchmarks would skew them.
    env: { ...process.env, KAFKA_BROKERS: '', ...env, HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/v4/runners/all`, readyTimeoutMs, child);
  } catch (error) {
    // Not left running behind a failed bench (one was found still serving an hour later).
    child.kill('SIGKILL');
    throw error;
  }
  return { url, child, stop: stop(child) };
}

export async function startBareServer(distRoot: string, bodies: Record<string, unknown>): Promise<Server> {
  const child = spawn(process.execPath, [join(distRoot, 'test/bench/bare-server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin!.end(JSON.stringify(bodies));
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: line.toString().trim(), child, stop: stop(child) };
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** CPU time (user + system) a process has used, in microseconds, from /proc. */
export function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}
