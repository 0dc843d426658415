import { Module } from '@nestjs/common';
import { JobEventsHandler } from './record-job-events/job-events.kafka-handler';
import { RecordJobEventsController } from './record-job-events/record-job-events.controller';
import { RecordJobEventsHandler } from './record-job-events/record-job-events.handler';

/** Jobs as the CI side reports them (HTTP or Kafka); the registry records, it does not schedule. */
@Module({
  controllers: [RecordJobEventsController],
  providers: [RecordJobEventsHandler, JobEventsHandler],
  exports: [JobEventsHandler],
})
export class JobsModule {}
