import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { DirectoryModule } from '../directory/directory.module';
import { JobsModule } from '../jobs/jobs.module';
import { DirectoryEventsHandler } from './directory-events/directory-events.handler';
import { JobEventsHandler } from './job-events/job-events.handler';
import { KafkaConsumersService } from './kafka-consumers.service';

/**
 * The inbound Kafka consumers: directory-events and job-events, with a dead-letter topic. Nothing
 * at all without KAFKA_BROKERS. Importing DirectoryModule and JobsModule puts them deeper in Nest's
 * module tree, so their bootstrap (query models, seed) completes before the consumer starts.
 */
@Module({})
export class KafkaConsumersModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (config.kafka.brokers.length === 0) return { module: KafkaConsumersModule };
    return {
      module: KafkaConsumersModule,
      imports: [DirectoryModule, JobsModule],
      providers: [DirectoryEventsHandler, JobEventsHandler, KafkaConsumersService],
      exports: [KafkaConsumersService],
    };
  }
}
