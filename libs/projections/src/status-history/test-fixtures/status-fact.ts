import type { RecordedEvent } from '@app/event-store';

/** For the status history's specs: a runner fact of `type` dated `time`, with only the payload fields the history reads. */
export function statusFact(position: number, type: string, runnerId: number, time: string, streamId = `runner-${runnerId}`): RecordedEvent {
  const data: Record<string, Record<string, unknown>> = {
    RunnerRegistered: { createdAt: time },
    RunnerContacted: { contactedAt: time, systemId: null },
    RunnerWentOffline: { lastContactedAt: time, detectedAt: time },
    RunnerBecameStale: { lastContactedAt: null, detectedAt: time },
    RunnerDeleted: { deletedAt: time },
    RunnerPaused: { pausedAt: time },
  };
  return { id: `e${position}`, type, data: { runnerId, ...data[type] }, metadata: {}, streamId, revision: 0, position, recordedAt: '' };
}
