import { Module } from '@nestjs/common';
import { HeartbeatsModule } from '../heartbeats/heartbeats.module';
import { RunnersSharedModule } from '../runners/shared/runners-shared.module';
import { JobCommandExecutor } from './record-job-event/job-command-executor';
import { RecordJobEventController } from './record-job-event/record-job-event.controller';
import { RecordJobEventsHandler } from './record-job-event/record-job-events.handler';
import { RequestJobRoute } from './request-job/request-job.route';

/** The runner-facing job endpoints. Jobs are scheduled by the CI side; this registry records contact. */
@Module({
  imports: [RunnersSharedModule, HeartbeatsModule],
  controllers: [RecordJobEventController],
  providers: [JobCommandExecutor, RecordJobEventsHandler, RequestJobRoute],
})
export class JobsModule {}
