import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import {
  DirectoryProjection,
  GenerationFollower,
  JobsProjection,
  ProjectionEngine,
  RunnersProjection,
  type QueryModelGenerations,
  type QueryModelStore,
} from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock, SystemClock } from './clock';
import { createQueryModel, openQueryModelGenerations, QUERY_MODEL_GENERATIONS, QUERY_MODEL_NAMES } from './query-model-generations';
import { openEventStore } from './store-factory';
import { EVENT_STORE, QUERY_MODEL_STORE } from './tokens';

/**
 * The event store, the query models and the engine between them, shared by every feature. The
 * engine persists each query model in the generation its pointer names; the GenerationFollower swaps
 * in a generation a rebuild (runner-cli replay) promotes, while the service runs.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(QUERY_MODEL_GENERATIONS) private readonly generations: QueryModelGenerations,
    private readonly follower: GenerationFollower,
    private readonly engine: ProjectionEngine,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const logger = new Logger('Projections');
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
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
        {
          provide: ProjectionEngine,
          inject: [EVENT_STORE, QUERY_MODEL_STORE, GenerationFollower, RunnersProjection, DirectoryProjection, JobsProjection],
          useFactory: (store: EventStore, queryModels: QueryModelStore, follower: GenerationFollower, runners: RunnersProjection, directory: DirectoryProjection, jobs: JobsProjection) =>
            new ProjectionEngine(store, queryModels, [directory, runners, jobs], { onError: (error) => logger.error(error), stores: follower.stores }),
        },
      ],
      exports: [APP_CONFIG, Clock, EVENT_STORE, QUERY_MODEL_STORE, QUERY_MODEL_GENERATIONS, GenerationFollower, RunnersProjection, DirectoryProjection, JobsProjection, ProjectionEngine],
    };
  }

  /** Swaps wait for the engine's start (replaceProjection does), so following can begin before it. */
  onApplicationBootstrap(): void {
    this.follower.start(this.engine, createQueryModel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
    await this.engine.stop().catch((error) => this.logger.error(error));
    await this.store.close();
    await this.follower.close();
    await this.generations.close();
  }
}
