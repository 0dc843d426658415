import { Injectable, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { GenerationFollower, ProjectionEngine } from '@app/projections';
import { DirectorySeedLoader } from './directory/sync-directory/seed-loader';
import { KafkaRelayService } from './events/relay-to-kafka/kafka-relay.service';
import { InboundConsumersService } from './inbound-consumers.service';
import { createQueryModel } from './kernel/query-model-generations';
import { StaleManagerCleanup } from './runners/delete-stale-managers/stale-manager-cleanup.timer';
import { StatusMonitor } from './runners/record-status-transitions/status-monitor.timer';

/**
 * The one place that says in which order the service comes up, each step relying on the ones
 * before it:
 * 1. the query models catch up with the log (and follow generation swaps from then on);
 * 2. the directory seed is provisioned, deciding against the directory as it already is;
 * 3. the timers that turn time into facts start (status transitions, stale managers);
 * 4. the inbound Kafka consumers start, once the seeded directory can authenticate their changes;
 * 5. the relay to Kafka starts.
 * Nest runs this after every module's init (the Redis contact sync has loaded fresh contacts by
 * then) and before the HTTP server listens. Shutdown stops them in reverse, before the core
 * module closes the store and the query models.
 */
@Injectable()
export class BootSequence implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly engine: ProjectionEngine,
    private readonly follower: GenerationFollower,
    private readonly seed: DirectorySeedLoader,
    private readonly statusMonitor: StatusMonitor,
    private readonly staleManagers: StaleManagerCleanup,
    @Optional() private readonly consumers?: InboundConsumersService,
    @Optional() private readonly relay?: KafkaRelayService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.follower.start(this.engine, createQueryModel);
    await this.engine.start();
    await this.seed.load();
    this.statusMonitor.start();
    this.staleManagers.start();
    this.consumers?.start();
    this.relay?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.consumers?.stop();
    await this.staleManagers.stop();
    await this.statusMonitor.stop();
  }
}
