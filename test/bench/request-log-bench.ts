/**
 * What the request log costs a request: the service's own line writer (requestLineWriter) on the
 * service's logger, writing through pino's asynchronous destination to /dev/null, 50 lines a turn
 * of the event loop (a busy server's turn), CPU time per line including the writes.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createServiceLogger, requestLineWriter } from '@app/common/service-logger';

const LINES = 400_000;
const PER_TURN = 50;

export async function benchRequestLog(): Promise<string[]> {
  const destination = pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 });
  const write = requestLineWriter(createServiceLogger({ level: 'info', pretty: false, destination }))!;
  const ids = Array.from({ length: 1000 }, () => randomUUID());
  const turn = (offset: number) => {
    for (let i = 0; i < PER_TURN; i++) write({ requestId: ids[(offset + i) % 1000], method: 'GET', route: '/api/v4/runners/:id', status: 200, durationMs: 1.37 });
  };
  const run = async (lines: number) => {
    for (let done = 0; done < lines; done += PER_TURN) {
      turn(done);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await run(LINES / 10); // warm-up
  const empty = process.cpuUsage();
  for (let done = 0; done < LINES; done += PER_TURN) await new Promise((resolve) => setImmediate(resolve));
  const turns = process.cpuUsage(empty);
  const before = process.cpuUsage();
  await run(LINES);
  const used = process.cpuUsage(before);
  const micros = (used.user + used.system - turns.user - turns.system) / LINES;
  destination.flushSync();
  return [`Request log line (GET /runners/:id, written through pino's asynchronous destination): ${micros.toFixed(2)} µs of CPU per request`];
}
