import { Counter, Histogram, type Registry } from 'prom-client';
import type { CommandObserver } from '@app/event-store';

/** What the one write path reports to /metrics: each command's outcome, and how long the event store takes to append. */
export interface CommandMetrics {
  readonly observeCommand: CommandObserver;
  readonly observeAppend: (seconds: number) => void;
}

export function commandMetrics(registry: Registry): CommandMetrics {
  const commands = new Counter({
    name: 'runner_registry_commands_total',
    help: 'Commands run through the decider runner, by command type and outcome: ok (appended, or nothing to change), refused (by the rules), conflict (kept losing the optimistic-concurrency race), error.',
    labelNames: ['command', 'outcome'],
    registers: [registry],
  });
  const appends = new Histogram({
    name: 'runner_registry_event_store_append_duration_seconds',
    help: 'Time from an append being submitted to the event store until it is durable (group commit included), successful or not.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    observeCommand: (command, outcome) => commands.inc({ command, outcome }),
    observeAppend: (seconds) => appends.observe(seconds),
  };
}
