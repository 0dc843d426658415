import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import type { RelayLeaseProvider } from '@app/kafka';
import { Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import type { RelayStatus } from '../../kernel/service-lifecycle';
import { EVENT_STORE } from '../../kernel/tokens';
import { InThreadRelay, relayLeases, type RelayNews, type RelayRunner } from './in-thread-relay';
import { RelayMetrics } from './relay-metrics';
import { relayInWorkerThread } from './worker-thread-relay';

/**
 * Publishes every event of the log to Kafka (KAFKA_TOPIC_RUNNER_EVENTS) from exactly one process of
 * the deployment. It starts after the application is up and runs beside it, in a worker thread: no
 * request ever waits for Kafka, a broker outage only grows the lag (see GET /metrics), and the
 * catch-up after it runs on the worker's event loop, not on the one that answers requests.
 */
@Injectable()
export class KafkaRelayService implements RelayStatus {
  private readonly logger = new Logger('KafkaRelay');
  /** Only to read the shared checkpoint when another process relays; the relay has its own. */
  private readonly leases: RelayLeaseProvider;
  private readonly runner: RelayRunner;
  private readonly metrics: RelayMetrics;
  private leader = false;
  /** The relay's acknowledged position while this process leads. */
  private acknowledged: number | undefined;
  /** Since when the broker has refused the relay (topic creation or a send), and why; cleared by the next acknowledged batch. */
  private failing: { since: Date; message: string } | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(Registry) registry: Registry,
  ) {
    this.leases = relayLeases(config);
    this.metrics = new RelayMetrics(registry, {
      headPosition: () => store.headPosition(),
      acknowledgedPosition: async () => (this.leader ? this.acknowledged : await this.leases.readCheckpoint()),
      leader: () => this.leader,
    });
    const tell = (news: RelayNews) => this.hear(news);
    this.runner = relayInWorkerThread(config, tell) ?? new InThreadRelay(config, store, tell);
  }

  start(): void {
    this.runner.start();
  }

  /** For the readiness probe: shown, never failing it (the API works without the broker). */
  async report(): Promise<Record<string, unknown>> {
    if (!this.leader) return { state: 'standby', leader: false };
    const failing = this.failing;
    return {
      state: failing ? 'retrying' : 'relaying',
      leader: true,
      acknowledged_position: this.acknowledged ?? null,
      ...(failing && { failing_since: failing.since.toISOString(), last_error: failing.message }),
    };
  }

  /** Before the core module closes the store; waits for the batch in flight and its checkpoint. */
  async stop(): Promise<void> {
    await this.runner.stop();
    await this.leases.close();
  }

  private hear(news: RelayNews): void {
    switch (news.kind) {
      case 'leadership':
        this.leader = news.held;
        if (!news.held) this.acknowledged = undefined;
        return;
      case 'prepared':
        this.failing = undefined;
        return;
      case 'position':
        this.acknowledged = news.position;
        if (news.events > 0) {
          this.failing = undefined;
          this.metrics.relayedEvents.inc(news.events);
        }
        return;
      case 'failure':
        this.failing ??= { since: new Date(), message: '' };
        this.failing.message = news.message;
        if (news.stage === 'prepare') return; // the supervisor logs those itself
        (news.stage === 'send' ? this.metrics.sendFailures : this.metrics.checkpointFailures).inc();
        // The first failure and then every tenth: an outage must not flood the log.
        if (news.attempt === 1 || news.attempt % 10 === 0) this.logger.warn(`${news.stage} failed (attempt ${news.attempt}), retrying: ${news.message}`);
        return;
      case 'log':
        this.logger[news.level](news.message);
    }
  }
}
