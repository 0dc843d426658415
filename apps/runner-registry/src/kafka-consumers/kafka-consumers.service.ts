import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { QueryModelStore } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../infrastructure/clock';
import { QUERY_MODEL_STORE } from '../infrastructure/tokens';
import { DirectoryEventsHandler } from './directory-events/directory-events.handler';
import { InboundConsumer } from './inbound-consumer';
import type { InboundTopicHandler } from './inbound-handler';
import { JobEventsHandler } from './job-events/job-events.handler';
import { UnchangedMessageLedger } from './unchanged-message-ledger';

/**
 * Runs the inbound consumer (directory-events and job-events) while the application runs. It starts
 * once the directory is bootstrapped (KafkaConsumersModule imports DirectoryModule, so Nest runs the
 * seed first) and never holds up the HTTP API: an unreachable broker is retried in the background.
 */
@Injectable()
export class KafkaConsumersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KafkaConsumers');
  readonly consumer: InboundConsumer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(QUERY_MODEL_STORE) queryModels: QueryModelStore,
    clock: Clock,
    directory: DirectoryEventsHandler,
    jobs: JobEventsHandler,
  ) {
    const { kafka } = config;
    this.consumer = new InboundConsumer({
      brokers: kafka.brokers,
      clientId: `${kafka.clientId}-consumer`,
      groupId: kafka.consumerGroup,
      handlers: new Map<string, InboundTopicHandler>([
        [kafka.directoryEventsTopic, directory],
        [kafka.jobEventsTopic, jobs],
      ]),
      deadLetterTopic: kafka.deadLetterTopic,
      ledger: new UnchangedMessageLedger(queryModels),
      now: () => clock.now(),
      log: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
    });
  }

  onApplicationBootstrap(): void {
    this.consumer.start();
  }

  /** Before the stores close (their onApplicationShutdown): no message is left half-applied. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
