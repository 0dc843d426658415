import { Module } from '@nestjs/common';
import { RunnersSharedModule } from '../runners/shared/runners-shared.module';
import { HeartbeatService } from './heartbeat.service';
import { RecordHeartbeatHandler } from './record-heartbeat.handler';
import { RedisContactSync } from './redis-contact-sync';
import { StatusMonitor } from './status-monitor';

/** Contact from runners (job requests, verify) and the time-driven status changes it implies. */
@Module({
  imports: [RunnersSharedModule],
  providers: [HeartbeatService, RecordHeartbeatHandler, StatusMonitor, RedisContactSync],
  exports: [HeartbeatService, StatusMonitor],
})
export class HeartbeatsModule {}
