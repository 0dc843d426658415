import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import type { EventStore } from '@app/event-store';
import { closeGracefully } from '@app/http';
import { GenerationFollower, ProjectionEngine } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { DirectorySeedLoader } from './directory/sync-directory/seed-loader';
import { KafkaRelayService } from './events/relay-to-kafka/kafka-relay.service';
import { InboundConsumersService } from './inbound-consumers.service';
import { createQueryModel } from './kernel/query-model-generations';
import { ServiceLifecycle } from './kernel/service-lifecycle';
import { EVENT_STORE } from './kernel/tokens';
import { StaleManagerCleanup } from './runners/delete-stale-managers/stale-manager-cleanup.timer';
import { StatusMonitor } from './runners/record-status-transitions/status-monitor.timer';
import { RunnerChangeFeed } from './runners/live-stream/runner-change-feed';
import { stopTracing } from './kernel/tracing';

/**
 * The one place that says in which order the service comes up, each step relying on the ones
 * before it:
 * 1. the query models catch up with the log (and follow generation swaps from then on), and the
 *    live streams' change feed starts recording from there;
 * 2. the directory seed is provisioned, deciding against the directory as it already is;
 * 3. the timers that turn time into facts start (status transitions, stale managers);
 * 4. the inbound Kafka consumers start, once the seeded directory can authenticate their changes;
 * 5. the relay to Kafka starts.
 * Nest runs this after every module's init (the Redis contact sync has loaded fresh contacts by
 * then) and before the HTTP server listens.
 *
 * On SIGTERM (or app.close()), before the core module closes the store and the query models:
 * 1. readiness answers 503 (for SHUTDOWN_DELAY_SECONDS before anything else, if set, so a load
 *    balancer stops routing here first);
 * 2. the live streams (GET /runners/live) end, the server stops accepting connections, and
 * 3. the requests in flight finish, within SHUTDOWN_TIMEOUT_SECONDS (then their connections are cut:
 *    a request not answered by then was never acknowledged);
 * 4. the timers stop, and the group-commit queue writes what is queued;
 * 5. the relay finishes the batch in flight and saves its checkpoint;
 * 6. the consumers finish the message in hand and leave their group.
 * Every step is bounded, so an unreachable broker cannot hold the shutdown up.
 */
@Injectable()
export class BootSequence implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lifecycle: ServiceLifecycle,
    private readonly http: HttpAdapterHost,
    private readonly engine: ProjectionEngine,
    private readonly follower: GenerationFollower,
    private readonly seed: DirectorySeedLoader,
    private readonly statusMonitor: StatusMonitor,
    private readonly staleManagers: StaleManagerCleanup,
    private readonly liveFeed: RunnerChangeFeed,
    @Optional() private readonly consumers?: InboundConsumersService,
    @Optional() private readonly relay?: KafkaRelayService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.follower.start(this.engine, createQueryModel);
    await this.engine.start();
    this.liveFeed.start();
    await this.seed.load();
    this.statusMonitor.start();
    this.staleManagers.start();
    this.consumers?.start();
    this.relay?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const { shutdownDelayMs, shutdownTimeoutMs } = this.config.operations;
    const steps = new StepTimer();
    this.lifecycle.startDraining(new Date());
    if (shutdownDelayMs > 0) await steps.time('unready', delay(shutdownDelayMs));
    // Live streams never finish on their own: ended first, their clients reconnect to another replica and resume.
    this.liveFeed.stop();
    const fastify = this.http.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify && !(await steps.time('requests', closeGracefully(fastify, shutdownTimeoutMs)))) {
      this.logger.warn(`requests still in flight after ${shutdownTimeoutMs} ms: their connections were closed unanswered`);
    }
    await steps.time('timers', Promise.all([this.staleManagers.stop(), this.statusMonitor.stop()]));
    await steps.time('appends', this.store.flush());
    await steps.time('relay', this.relay?.stop());
    await steps.time('consumers', this.consumers?.stop());
    await steps.time('traces', stopTracing());
    this.logger.log(`stopped serving and writing in ${steps.summary()}`);
  }
}

/** How long each shutdown step took, for the one log line that says where a slow stop spent its time. */
class StepTimer {
  private readonly started = Date.now();
  private readonly steps: string[] = [];

  async time<T>(name: string, step: Promise<T> | undefined): Promise<T | undefined> {
    const start = Date.now();
    try {
      return await step;
    } finally {
      this.steps.push(`${name} ${Date.now() - start} ms`);
    }
  }

  summary(): string {
    return `${Date.now() - this.started} ms (${this.steps.join(', ')})`;
  }
}
