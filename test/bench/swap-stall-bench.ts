import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { replayStartFlags } from '../../apps/runner-cli/src/replay/replay-v8-flags';
import type { Server } from './processes';

const DIST_ROOT = resolve(__dirname, '../..');
const ADMIN = { 'private-token': 'glpat-root-0000000000000001' };
/** A running service follows the generation pointers every few seconds; the swap is over well within this. */
const SWAP_WAIT_MS = 15_000;

/**
 * Background work must not hold the event loop (issue "scales with the fleet", goal 2): a probe
 * reads one runner every 5 ms while `runner-cli replay` rebuilds the running service's query models
 * and the service swaps the new generation in. Reported: the probe's longest answer before, and
 * during the replay and the swap. The replay itself runs in its own process; what shows is the
 * service loading, catching up and swapping in the new generation.
 */
export async function benchSwapStall(service: Server, dataDir: string, runners: number): Promise<string> {
  let worst = 0;
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      const response = await fetch(`${service.url}/api/v4/runners/1`, { headers: ADMIN });
      await response.arrayBuffer();
      worst = Math.max(worst, performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const before = worst;
    worst = 0;
    const cli = spawn(process.execPath, [...replayStartFlags(), resolve(DIST_ROOT, 'apps/runner-cli/src/main.js'), 'replay'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', KAFKA_BROKERS: '' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const [code] = (await once(cli, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`runner-cli replay exited ${code}`);
    await new Promise((r) => setTimeout(r, SWAP_WAIT_MS));
    return `  Longest answer to a probe (GET /runners/:id every 5 ms) while a replay rebuilt the ${runners.toLocaleString('en-US')} runners' query models and the service swapped them in: ${worst.toFixed(0)} ms (before: ${before.toFixed(0)} ms)`;
  } finally {
    probing = false;
    await probe;
  }
}
