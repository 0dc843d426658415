import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config/app-config';
import { RELAY_STATUS } from '../../kernel/service-lifecycle';
import { KafkaRelayService } from './kafka-relay.service';

/** The outbound relay to Kafka; nothing at all without KAFKA_BROKERS or with KAFKA_RELAY=off. Needs MetricsModule (global); the boot sequence starts and stops it. */
@Module({})
export class KafkaRelayModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (config.kafka.brokers.length === 0 || !config.kafka.relay.enabled) return { module: KafkaRelayModule };
    // Global for RELAY_STATUS: the readiness probe shows the relay's state without importing this use case.
    return {
      module: KafkaRelayModule,
      global: true,
      providers: [KafkaRelayService, { provide: RELAY_STATUS, useExisting: KafkaRelayService }],
      exports: [KafkaRelayService, RELAY_STATUS],
    };
  }
}
