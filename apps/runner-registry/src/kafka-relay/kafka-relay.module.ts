import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { KafkaRelayService, RELAY_SETTINGS } from './kafka-relay.service';
import { relaySettings } from './relay-settings';

/** The outbound relay to Kafka; nothing at all without KAFKA_BROKERS. Needs MetricsModule (global). */
@Module({})
export class KafkaRelayModule {
  static forRoot(config: AppConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    if (config.kafka.brokers.length === 0) return { module: KafkaRelayModule };
    return {
      module: KafkaRelayModule,
      providers: [{ provide: RELAY_SETTINGS, useValue: relaySettings(env) }, KafkaRelayService],
    };
  }
}
