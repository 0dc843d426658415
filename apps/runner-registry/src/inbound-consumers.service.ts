import { Inject, Injectable, Logger } from '@nestjs/common';
import type { QueryModelStore } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { Clock } from '@app/common/clock';
import { QUERY_MODEL_STORE } from './kernel/tokens';
import { DirectoryEventsHandler } from './directory/sync-directory/directory-events.handler';
import { InboundConsumer } from '@app/kafka/inbound/inbound-consumer';
import type { InboundTopicHandler } from '@app/kafka/inbound/inbound-handler';
import { JobEventsHandler } from './jobs/record-job-events/job-events.kafka-handler';
import { UnchangedMessageLedger } from '@app/kafka/inbound/unchanged-message-ledger';

/**
 * The inbound consumer: each topic with the handler of the use case it feeds (directory-events to
 * sync-directory, job-events to record-job-events), and a dead-letter topic. The boot sequence
 * starts it once the directory is seeded; it never holds up the HTTP API: an unreachable broker is
 * retried in the background.
 */
@Injectable()
export class InboundConsumersService {
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

  start(): void {
    this.consumer.start();
  }

  /** Before the stores close: no message is left half-applied. */
  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
