import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { DirectoryProjection, JobsProjection, ProjectionEngine, RunnersProjection, type QueryModelStore } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock, SystemClock } from './clock';
import { openEventStore, openQueryModelStore } from './store-factory';
import { EVENT_STORE, QUERY_MODEL_STORE } from './tokens';

/** The event store, the query models and the engine between them, shared by every feature. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(QUERY_MODEL_STORE) private readonly queryModels: QueryModelStore,
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
        { provide: QUERY_MODEL_STORE, useFactory: () => openQueryModelStore(config) },
        { provide: RunnersProjection, useValue: new RunnersProjection() },
        { provide: DirectoryProjection, useValue: new DirectoryProjection() },
        { provide: JobsProjection, useValue: new JobsProjection() },
        {
          provide: ProjectionEngine,
          inject: [EVENT_STORE, QUERY_MODEL_STORE, RunnersProjection, DirectoryProjection, JobsProjection],
          useFactory: (store: EventStore, queryModels: QueryModelStore, runners: RunnersProjection, directory: DirectoryProjection, jobs: JobsProjection) =>
            new ProjectionEngine(store, queryModels, [directory, runners, jobs], { onError: (error) => logger.error(error) }),
        },
      ],
      exports: [APP_CONFIG, Clock, EVENT_STORE, QUERY_MODEL_STORE, RunnersProjection, DirectoryProjection, JobsProjection, ProjectionEngine],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.stop().catch((error) => this.logger.error(error));
    await this.store.close();
    await this.queryModels.close();
  }
}
