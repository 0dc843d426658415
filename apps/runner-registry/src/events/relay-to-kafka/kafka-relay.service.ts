import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import {
  ensureTopic,
  KafkaRelay,
  PostgresRelayLeaseProvider,
  RelaySupervisor,
  SqliteRelayLeaseProvider,
  type RelayLeaseProvider,
} from '@app/kafka';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import type { RelayStatus } from '../../kernel/service-lifecycle';
import { EVENT_STORE } from '../../kernel/tokens';
import { RelayMetrics } from './relay-metrics';

/** Where the relay's lease and checkpoint live: beside the query models. */
export function relayLeases(config: AppConfig): RelayLeaseProvider {
  const topic = config.kafka.runnerEventsTopic;
  if (config.databaseUrl) return new PostgresRelayLeaseProvider({ connectionString: config.databaseUrl, topic });
  return new SqliteRelayLeaseProvider(join(config.dataDir, 'kafka-relay.sqlite'), topic);
}

/**
 * Publishes every event of the log to Kafka (KAFKA_TOPIC_RUNNER_EVENTS) from exactly one process of
 * the deployment. It starts after the application is up and runs beside it: no request ever waits
 * for Kafka, and a broker outage only grows the lag (see GET /metrics), which the relay makes up once
 * the broker is back.
 */
@Injectable()
export class KafkaRelayService implements RelayStatus {
  private readonly logger = new Logger('KafkaRelay');
  private readonly leases: RelayLeaseProvider;
  private readonly supervisor: RelaySupervisor;
  /** Since when the broker has refused the relay (topic creation or a send), and why; cleared by the next acknowledged batch. */
  private failing: { since: Date; message: string } | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Registry) registry: Registry,
  ) {
    const { brokers, clientId, runnerEventsTopic: topic, relay: settings } = config.kafka;
    this.leases = relayLeases(config);
    const metrics = new RelayMetrics(registry, {
      headPosition: () => store.headPosition(),
      acknowledgedPosition: async () => this.supervisor.acknowledgedPosition ?? (await this.leases.readCheckpoint()),
      leader: () => this.supervisor.leader,
    });
    this.supervisor = new RelaySupervisor({
      leases: this.leases,
      contendIntervalMs: settings.contendIntervalMs,
      prepare: async () => {
        try {
          if (await ensureTopic(brokers, { topic, partitions: settings.partitions }, `${clientId}-relay-admin`)) {
            this.logger.log(`created topic ${topic} with ${settings.partitions} partitions`);
          }
          this.failing = undefined;
        } catch (error) {
          this.noteFailure(error);
          throw error;
        }
      },
      createRelay: (checkpoint) =>
        new KafkaRelay(store, brokers, {
          topic,
          checkpoint,
          batchSize: settings.batchSize,
          clientId: `${clientId}-relay`,
          onAcknowledged: (_position, events) => {
            this.failing = undefined;
            metrics.relayedEvents.inc(events);
          },
          onError: (error, attempt, stage) => {
            this.noteFailure(error);
            (stage === 'send' ? metrics.sendFailures : metrics.checkpointFailures).inc();
            // The first failure and then every tenth: an outage must not flood the log.
            if (attempt === 1 || attempt % 10 === 0) {
              this.logger.warn(`${stage} failed (attempt ${attempt}), retrying: ${error instanceof Error ? error.message : String(error)}`);
            }
          },
        }),
      log: (level, message) => this.logger[level](message),
    });
  }

  start(): void {
    this.supervisor.start();
  }

  /** For the readiness probe: shown, never failing it (the API works without the broker). */
  async report(): Promise<Record<string, unknown>> {
    if (!this.supervisor.leader) return { state: 'standby', leader: false };
    const failing = this.failing;
    return {
      state: failing ? 'retrying' : 'relaying',
      leader: true,
      acknowledged_position: this.supervisor.acknowledgedPosition ?? null,
      ...(failing && { failing_since: failing.since.toISOString(), last_error: failing.message }),
    };
  }

  private noteFailure(error: unknown): void {
    this.failing ??= { since: new Date(), message: '' };
    this.failing.message = error instanceof Error ? error.message : String(error);
  }

  /** Before the core module closes the store, so the relay never reads a closed one. */
  async stop(): Promise<void> {
    await this.supervisor.stop();
    await this.leases.close();
  }
}
