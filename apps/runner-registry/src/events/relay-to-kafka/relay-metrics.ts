import { Counter, Gauge, type Registry } from 'prom-client';

/** What the metrics read at scrape time. */
export interface RelayMetricsSource {
  /** Position of the newest event in the log. */
  headPosition(): Promise<number>;
  /** Position the broker acknowledged (the relay's checkpoint); undefined when this process cannot tell. */
  acknowledgedPosition(): Promise<number | undefined>;
  /** Whether this process is the one relaying. */
  leader(): boolean;
}

/**
 * The relay's Prometheus metrics. Positions are read when Prometheus scrapes, so the lag is exact at
 * that moment and costs nothing between scrapes. On a replica that does not relay, the acknowledged
 * position comes from the shared checkpoint (PostgreSQL), so every replica reports the same lag; a
 * value this process cannot know is reported as NaN rather than as a reassuring 0.
 */
export class RelayMetrics {
  readonly relayedEvents: Counter;
  readonly sendFailures: Counter;
  readonly checkpointFailures: Counter;

  constructor(registry: Registry, source: RelayMetricsSource) {
    let snapshot: Promise<{ head: number; acknowledged: number }> | undefined;
    // One read of both positions per scrape, shared by the three gauges.
    const positions = () => {
      snapshot ??= (async () => {
        const [head, acknowledged] = await Promise.all([source.headPosition(), source.acknowledgedPosition()]).catch(() => [NaN, NaN]);
        return { head, acknowledged: acknowledged ?? NaN };
      })();
      const current = snapshot;
      setImmediate(() => snapshot === current && (snapshot = undefined));
      return current;
    };
    new Gauge({
      name: 'runner_registry_kafka_relay_lag_events',
      help:
        'Log not yet acknowledged by Kafka: head position minus acknowledged position. Events on SQLite and PostgreSQL ' +
        '(consecutive positions); on EventStoreDB, whose positions are commit positions, bytes of its log. 0 is caught up on all.',
      registers: [registry],
      async collect() {
        const { head, acknowledged } = await positions();
        this.set(Math.max(0, head - acknowledged));
      },
    });
    new Gauge({
      name: 'runner_registry_kafka_relay_head_position',
      help: 'Global position of the newest event in the log.',
      registers: [registry],
      async collect() {
        this.set((await positions()).head);
      },
    });
    new Gauge({
      name: 'runner_registry_kafka_relay_acknowledged_position',
      help: 'Global position of the last event Kafka acknowledged (the relay checkpoint).',
      registers: [registry],
      async collect() {
        this.set((await positions()).acknowledged);
      },
    });
    new Gauge({
      name: 'runner_registry_kafka_relay_leader',
      help: '1 if this process holds the relay lease and relays, else 0 (exactly one process per deployment).',
      registers: [registry],
      collect() {
        this.set(source.leader() ? 1 : 0);
      },
    });
    this.relayedEvents = new Counter({
      name: 'runner_registry_kafka_relay_events_total',
      help: 'Events this process relayed to Kafka (acknowledged and checkpointed).',
      registers: [registry],
    });
    this.sendFailures = new Counter({
      name: 'runner_registry_kafka_relay_send_failures_total',
      help: 'Failed produce attempts (each is retried with backoff; nothing is skipped).',
      registers: [registry],
    });
    this.checkpointFailures = new Counter({
      name: 'runner_registry_kafka_relay_checkpoint_failures_total',
      help: 'Failed checkpoint saves after an acknowledged batch (retried; the batch may be sent again after a restart).',
      registers: [registry],
    });
  }
}
