import { Module } from '@nestjs/common';
import { RunnersSharedModule } from '../runners/shared/runners-shared.module';
import { HeartbeatService } from './heartbeat.service';
import { RecordHeartbeatHandler } from './record-heartbeat.handler';
import { RedisContactSync } from './redis-contact-sync';
import { StaleManagerCleanup } from './stale-manager-cleanup';
import { StatusMonitor } from './status-monitor';

/** Contact from runners (job requests, verify) and the time-driven status changes it implies. */
@Module({
  imports: [RunnersSharedModule],
  providers: [HeartbeatService, RecordHeartbeatHandler, StatusMonitor, StaleManagerCleanup, RedisContactSync],
  exports: [HeartbeatService, StatusMonitor, StaleManagerCleanup],
})
export class HeartbeatsModule {}
