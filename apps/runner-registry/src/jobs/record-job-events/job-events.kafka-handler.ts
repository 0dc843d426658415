import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { jobStreamId, type Actor } from '@app/domain';
import { RecordJobEventsCommand } from './record-job-events.command';
import type { InboundCloudEvent } from '@app/kafka/inbound/cloud-event-envelope';
import { checkSchemaVersion, type InboundTopicHandler, type PreparedMessage } from '@app/kafka/inbound/inbound-handler';
import { InboundRejection } from '@app/kafka/inbound/inbound-rejection';
import { JOB_CHANGED_TYPE, jobSnapshotOf } from './job-messages';

export const JOB_EVENTS_ACTOR: Actor = { type: 'system', name: 'kafka:job-events' };

/**
 * runner-registry.job-events: one job event per message, recorded by the same RecordJobEvents
 * command as POST /api/v4/internal/job_events, so GET /runners/:id/jobs shows it.
 */
@Injectable()
export class JobEventsHandler implements InboundTopicHandler {
  readonly name = 'job-events';

  constructor(private readonly commands: CommandBus) {}

  prepare(event: InboundCloudEvent): PreparedMessage {
    if (event.type !== JOB_CHANGED_TYPE) throw new InboundRejection('unknown-type', `job-events carries no type "${event.type}" (known: ${JOB_CHANGED_TYPE})`);
    checkSchemaVersion(event);
    const job = jobSnapshotOf(event.data);
    return {
      streamId: jobStreamId(job.jobId),
      apply: async (eventId) => {
        const outcome = await this.commands.execute(new RecordJobEventsCommand([job], JOB_EVENTS_ACTOR, false, () => eventId(0)));
        if (!outcome.ok) {
          const attributes = Object.entries(outcome.error.attributeErrors).map(([attribute, messages]) => `data.${attribute} ${messages.join(', ')}`);
          throw new InboundRejection('rejected-by-domain', attributes.length > 0 ? attributes.join('; ') : outcome.error.message);
        }
        return outcome.value.recorded > 0;
      },
    };
  }
}
