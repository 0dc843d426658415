import type { EventStore } from '@app/event-store';
import {
  ensureTopic,
  KafkaRelay,
  PostgresRelayLeaseProvider,
  RelaySupervisor,
  SqliteRelayLeaseProvider,
  type RelayFailureStage,
  type RelayLeaseProvider,
} from '@app/kafka';
import { join } from 'node:path';
import type { AppConfig } from '@app/config/app-config';

/** Where the relay's lease and checkpoint live: beside the query models. */
export function relayLeases(config: AppConfig): RelayLeaseProvider {
  const topic = config.kafka.runnerEventsTopic;
  if (config.databaseUrl) return new PostgresRelayLeaseProvider({ connectionString: config.databaseUrl, topic });
  return new SqliteRelayLeaseProvider(join(config.dataDir, 'kafka-relay.sqlite'), topic);
}

/**
 * What the relay tells the service, wherever it runs. Plain data, so that it can cross from a worker
 * thread: the service keeps its metrics and readiness report from these alone.
 */
export type RelayNews =
  | { readonly kind: 'leadership'; readonly held: boolean }
  /** The broker answered: the topic exists. */
  | { readonly kind: 'prepared' }
  /** The broker acknowledged and the checkpoint holds `position`; `events` relayed since the last news (0: resumed from the checkpoint). */
  | { readonly kind: 'position'; readonly position: number; readonly events: number }
  | { readonly kind: 'failure'; readonly stage: RelayFailureStage | 'prepare'; readonly attempt: number; readonly message: string }
  | { readonly kind: 'log'; readonly level: 'log' | 'warn' | 'error'; readonly message: string };

/** The relay as the service starts and stops it, in this thread or in a worker. */
export interface RelayRunner {
  start(): void;
  /** Finishes the batch in flight (its checkpoint saved) and gives the lease up. */
  stop(): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The relay of this process (RelaySupervisor: lease, topic, KafkaRelay) on a store of this thread.
 * The service runs it in a worker thread (relay-worker.ts), with its own store connection, so that
 * reading, encoding and sending a catch-up's backlog never holds up a request; in this thread only
 * where no compiled worker exists (the specs under ts-jest).
 */
export class InThreadRelay implements RelayRunner {
  private readonly leases: RelayLeaseProvider;
  private readonly supervisor: RelaySupervisor;
  private failedPrepares = 0;

  /** `beforeBatch`: how the relay gives way to the service it runs beside (in a worker thread: ServiceLoopPacer). */
  constructor(config: AppConfig, store: EventStore, tell: (news: RelayNews) => void, beforeBatch?: (events: number) => Promise<void>) {
    const { brokers, clientId, runnerEventsTopic: topic, relay: settings } = config.kafka;
    this.leases = relayLeases(config);
    this.supervisor = new RelaySupervisor({
      leases: this.leases,
      contendIntervalMs: settings.contendIntervalMs,
      prepare: async () => {
        try {
          if (await ensureTopic(brokers, { topic, partitions: settings.partitions }, `${clientId}-relay-admin`)) {
            tell({ kind: 'log', level: 'log', message: `created topic ${topic} with ${settings.partitions} partitions` });
          }
          this.failedPrepares = 0;
          tell({ kind: 'prepared' });
        } catch (error) {
          tell({ kind: 'failure', stage: 'prepare', attempt: ++this.failedPrepares, message: describe(error) });
          throw error;
        }
      },
      createRelay: (checkpoint) =>
        new KafkaRelay(store, brokers, {
          topic,
          checkpoint,
          batchSize: settings.batchSize,
          clientId: `${clientId}-relay`,
          onStarted: (position) => tell({ kind: 'position', position, events: 0 }),
          onAcknowledged: (position, events) => tell({ kind: 'position', position, events }),
          onError: (error, attempt, stage) => tell({ kind: 'failure', stage, attempt, message: describe(error) }),
          beforeBatch,
        }),
      onLeadership: (held) => tell({ kind: 'leadership', held }),
      log: (level, message) => tell({ kind: 'log', level, message }),
    });
  }

  start(): void {
    this.supervisor.start();
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    await this.leases.close();
  }
}
