/**
 * How fast this machine is at the moment a section starts: a fixed single-thread workload, parsing
 * and serialising an event as a replay's fold does, timed (median of three). This shared machine's
 * speed moved by half within an hour on 2026-12-05 (the same 10,000,000-event replay took 38-61 s
 * with nothing else running), so an absolute figure such as the replay's seconds means something
 * only beside this one. Ratios measured within a section (service against bare Fastify) need none.
 */
const EVENT = JSON.stringify({
  runnerId: 123_456,
  systemId: 's_000000123456',
  info: { version: '17.0.0', revision: 'abc123de', platform: 'linux', architecture: 'amd64', executor: 'docker', gpus: null },
  ipAddress: '10.0.0.12',
  createdAt: '2026-01-01T00:02:00.000Z',
  tagList: ['linux', 'docker', 'x86_64'],
});
const ROUNDS = 100_000;

function workload(): number {
  const started = performance.now();
  let length = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const event = JSON.parse(EVENT) as { runnerId: number };
    event.runnerId = i;
    length += JSON.stringify(event).length;
  }
  if (length === 0) throw new Error('unreachable: keeps the work from being optimised away');
  return performance.now() - started;
}

export function machineSpeed(): string {
  const times = [workload(), workload(), workload()].sort((a, b) => a - b);
  return `machine speed now: ${times[1].toFixed(0)} ms for a fixed single-thread workload (${ROUNDS.toLocaleString('en-US')} event parses and serialisations; lower is faster; compare absolute figures only between runs with similar values)`;
}
