import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApiModule } from '@app/api';
import type { AppConfig } from '@app/config';
import { BootSequence } from './boot-sequence';
import { DirectoryModule } from './directory/directory.module';
import { KafkaRelayModule } from './events/relay-to-kafka/kafka-relay.module';
import { GroupsModule } from './groups/groups.module';
import { InboundConsumersService } from './inbound-consumers.service';
import { JobsModule } from './jobs/jobs.module';
import { CoreModule } from './kernel/core.module';
import { LegacyApiModule } from './legacy/retired-api/legacy-api.module';
import { HealthModule } from './operations/health/health.module';
import { MetricsModule } from './operations/serve-metrics/metrics.module';
import { OpenApiModule } from './operations/serve-openapi/openapi.module';
import { ProjectsModule } from './projects/projects.module';
import { RegistrationTokensModule } from './registration-tokens/registration-tokens.module';
import { RunnersModule } from './runners/runners.module';
import { UsersModule } from './users/users.module';
import { MetadataModule } from './metadata/metadata.module';
import { ConsoleModule } from './console/console.module';

/**
 * The composition root: the core (store, query models, decider runner), what the entry points share
 * (ApiModule), one module per area holding its use cases, and the boot sequence that starts them in
 * order. Without KAFKA_BROKERS there is neither relay nor inbound consumer.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const consuming = config.kafka.brokers.length > 0;
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        CoreModule.forRoot(config),
        ApiModule,
        MetricsModule,
        HealthModule,
        DirectoryModule,
        RunnersModule,
        ProjectsModule,
        GroupsModule,
        RegistrationTokensModule,
        JobsModule,
        UsersModule,
        MetadataModule,
        LegacyApiModule,
        ConsoleModule,
        OpenApiModule,
        KafkaRelayModule.forRoot(config),
      ],
      providers: [BootSequence, ...(consuming ? [InboundConsumersService] : [])],
    };
  }
}
