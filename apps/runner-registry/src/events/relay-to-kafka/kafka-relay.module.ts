import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config/app-config';
import { KafkaRelayService } from './kafka-relay.service';

/** The outbound relay to Kafka; nothing at all without KAFKA_BROKERS or with KAFKA_RELAY=off. Needs MetricsModule (global); the boot sequence starts and stops it. */
@Module({})
export class KafkaRelayModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (config.kafka.brokers.length === 0 || !config.kafka.relay.enabled) return { module: KafkaRelayModule };
    return { module: KafkaRelayModule, providers: [KafkaRelayService], exports: [KafkaRelayService] };
  }
}
