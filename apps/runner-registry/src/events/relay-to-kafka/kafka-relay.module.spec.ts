import { loadConfig } from '@app/config/app-config';
import { KafkaRelayModule } from './kafka-relay.module';
import { RELAY_STATUS } from '../../kernel/service-lifecycle';
import { KafkaRelayService } from './kafka-relay.service';

describe('KafkaRelayModule', () => {
  const providers = (env: NodeJS.ProcessEnv) => KafkaRelayModule.forRoot(loadConfig(env)).providers ?? [];

  it('relays only with brokers, and not on a replica told KAFKA_RELAY=off', () => {
    expect(providers({ KAFKA_BROKERS: 'k:9092' })).toEqual([KafkaRelayService, { provide: RELAY_STATUS, useExisting: KafkaRelayService }]);
    expect(providers({ KAFKA_BROKERS: 'k:9092', KAFKA_RELAY: 'off' })).toEqual([]);
    expect(providers({})).toEqual([]);
  });
});
