import { Module } from '@nestjs/common';
import { HeartbeatsModule } from '../heartbeats/heartbeats.module';
import { RunnersSharedModule } from '../runners/shared/runners-shared.module';
import { RequestJobController } from './request-job/request-job.controller';

/** The runner-facing job endpoints. Jobs are scheduled by the CI side; this registry records contact. */
@Module({ imports: [RunnersSharedModule, HeartbeatsModule], controllers: [RequestJobController] })
export class JobsModule {}
