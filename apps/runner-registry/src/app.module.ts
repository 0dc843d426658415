import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from './config/app-config';
import { DirectoryModule } from './directory/directory.module';
import { GroupsModule } from './groups/groups.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { JobsModule } from './jobs/jobs.module';
import { KafkaConsumersModule } from './kafka-consumers/kafka-consumers.module';
import { KafkaRelayModule } from './kafka-relay/kafka-relay.module';
import { LegacyApiModule } from './legacy/legacy-api.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProjectsModule } from './projects/projects.module';
import { RegistrationTokensModule } from './registration-tokens/registration-tokens.module';
import { RunnersModule } from './runners/runners.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(config),
        DirectoryModule,
        RunnersModule,
        ProjectsModule,
        GroupsModule,
        JobsModule,
        RegistrationTokensModule,
        LegacyApiModule,
        KafkaConsumersModule.forRoot(config),
        MetricsModule,
        KafkaRelayModule.forRoot(config),
      ],
    };
  }
}
