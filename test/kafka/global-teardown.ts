/** Jest globalTeardown: stops the broker that ./global-setup.ts started, and only that one. */
import { spawnSync } from 'node:child_process';
import { STOP_SCRIPT, startedKafka } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const started = startedKafka();
  if (!started) return; // KAFKA_BROKERS was provided from outside: not ours to stop
  const result = spawnSync('bash', [STOP_SCRIPT], {
    env: { ...process.env, KAFKA_STATE_DIR: started.stateDir, KAFKA_STOP_GRACE: '15' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60 * 1000,
  });
  if (result.status !== 0) {
    process.stderr.write(`[kafka] stop.sh failed for ${started.stateDir}:\n${result.stdout}${result.stderr}\n`);
  }
  if (process.env.KAFKA_BROKERS === started.brokers) delete process.env.KAFKA_BROKERS;
}
