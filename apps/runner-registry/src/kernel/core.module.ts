import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { commandTracing, DeciderRunner, TimedAppends, type EventStore } from '@app/event-store';
import { Registry } from 'prom-client';
import {
  DirectoryProjection,
  GenerationFollower,
  JobsProjection,
  ProjectionEngine,
  RunnersProjection,
  StatusHistoryProjection,
  type QueryModelGenerations,
  type QueryModelStore,
} from '@app/projections';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { Clock, SystemClock } from '@app/common/clock';
import { openQueryModelGenerations, QUERY_MODEL_GENERATIONS, QUERY_MODEL_NAMES } from './query-model-generations';
import { openEventStore } from './store-factory';
import { commandMetrics } from './command-metrics';
import { ServiceLifecycle } from './service-lifecycle';
import { EVENT_STORE, QUERY_MODEL_STORE } from './tokens';

/**
 * What every use case stands on: configuration, the clock, the event store, the query models and
 * the engine between them, and the one decider runner every command handler writes through. The
 * engine persists each query model in the generation its pointer names; the GenerationFollower
 * swaps in a generation a rebuild (runner-cli replay) promotes, while the service runs. Starting
 * them is the boot sequence's job (boot-sequence.ts); closing them, last of all, is this module's.
 */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Core');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(QUERY_MODEL_GENERATIONS) private readonly generations: QueryModelGenerations,
    private readonly follower: GenerationFollower,
    private readonly engine: ProjectionEngine,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const logger = new Logger('Projections');
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
        ServiceLifecycle,
        { provide: EVENT_STORE, useFactory: () => openEventStore(config, { servesRequests: true }) },
        { provide: QUERY_MODEL_GENERATIONS, useFactory: () => openQueryModelGenerations(config) },
        // The root store: what is not a rebuildable query model (the Kafka consumer's ledger) stays here.
        { provide: QUERY_MODEL_STORE, inject: [QUERY_MODEL_GENERATIONS], useFactory: (generations: QueryModelGenerations) => generations.root },
        {
          provide: GenerationFollower,
          inject: [QUERY_MODEL_GENERATIONS],
          useFactory: (generations: QueryModelGenerations) =>
            GenerationFollower.open(generations, QUERY_MODEL_NAMES, { info: (m) => logger.log(m), error: (m) => logger.error(m) }),
        },
        { provide: RunnersProjection, useValue: new RunnersProjection() },
        { provide: DirectoryProjection, useValue: new DirectoryProjection() },
        { provide: JobsProjection, useValue: new JobsProjection() },
        { provide: StatusHistoryProjection, useValue: new StatusHistoryProjection() },
        {
          provide: ProjectionEngine,
          inject: [EVENT_STORE, QUERY_MODEL_STORE, GenerationFollower, RunnersProjection, DirectoryProjection, JobsProjection, StatusHistoryProjection],
          useFactory: (
            store: EventStore,
            queryModels: QueryModelStore,
            follower: GenerationFollower,
            runners: RunnersProjection,
            directory: DirectoryProjection,
            jobs: JobsProjection,
            statusHistory: StatusHistoryProjection,
          ) => new ProjectionEngine(store, queryModels, [directory, runners, jobs, statusHistory], { onError: (error) => logger.error(error), stores: follower.stores }),
        },
        {
          provide: DeciderRunner,
          // The Prometheus registry is the metrics module's (global): the write path reports its commands and appends there.
          inject: [EVENT_STORE, ProjectionEngine, Registry],
          useFactory: (store: EventStore, engine: ProjectionEngine, registry: Registry) => {
            const metrics = commandMetrics(registry);
            const tracing = config.operations.tracing ? commandTracing(trace.getTracer('runner-registry')) : undefined;
            return new DeciderRunner(new TimedAppends(store, metrics.observeAppend), (position) => engine.waitFor(position), config.decidedStateCacheEntries, metrics.observeCommand, tracing);
          },
        },
      ],
      exports: [
        APP_CONFIG,
        Clock,
        ServiceLifecycle,
        EVENT_STORE,
        QUERY_MODEL_STORE,
        QUERY_MODEL_GENERATIONS,
        GenerationFollower,
        RunnersProjection,
        DirectoryProjection,
        JobsProjection,
        StatusHistoryProjection,
        ProjectionEngine,
        DeciderRunner,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
    await this.engine.stop().catch((error) => this.logger.error(error));
    await this.store.close();
    await this.follower.close();
    await this.generations.close();
  }
}
