import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, JOB_STREAM, jobStreamId, validateJobSnapshot } from '@app/domain';
import { Clock } from '@app/common/clock';
import { commandContext } from '@app/event-store/command/command-context';
import { DeciderRunner, failed, succeeded, type Outcome } from '@app/event-store';
import { BATCH_PARAM } from './job-event.params';
import { RecordJobEventsCommand, type RecordJobEventsResult } from './record-job-events.command';

@CommandHandler(RecordJobEventsCommand)
export class RecordJobEventsHandler implements ICommandHandler<RecordJobEventsCommand> {
  constructor(private readonly runner: DeciderRunner, private readonly clock: Clock) {}

  async execute({ jobs, actor, batch, eventId, correlationId }: RecordJobEventsCommand): Promise<Outcome<RecordJobEventsResult>> {
    // Every event is checked before the first append: streams are per job, so there is no
    // transaction to roll back, and "one bad event, nothing stored" has to be decided up front.
    const errors: Record<string, string[]> = {};
    jobs.forEach((job, index) => {
      for (const [attribute, messages] of Object.entries(validateJobSnapshot(job))) {
        errors[batch ? `${BATCH_PARAM}[${index}][${attribute}]` : attribute] = messages;
      }
    });
    if (Object.keys(errors).length > 0) return failed(DomainError.validation(errors));

    const context = commandContext(actor, this.clock.now(), correlationId);
    // All at once: the runner keeps one job's events in order, different jobs share commits; the
    // query models are waited for once, for the whole batch.
    const results = await Promise.all(
      jobs.map((job, index) => {
        const id = eventId?.(index);
        return this.runner.run({
          ...JOB_STREAM,
          streamId: jobStreamId(job.jobId),
          command: { type: 'RecordJob', job },
          context,
          // RecordJob decides at most one event, so one id is enough.
          eventId: id === undefined ? undefined : () => id,
          visibility: 'deferred',
        });
      }),
    );
    let recorded = 0;
    let highest = 0;
    for (const result of results) {
      // The decider's validation already passed above; a refusal here would be a bug.
      if (!result.ok) return failed(result.error);
      if (result.events.length > 0) recorded++;
      if (result.position !== null) highest = Math.max(highest, result.position);
    }
    await this.runner.visibleAt(highest);
    return succeeded({ recorded, unchanged: jobs.length - recorded });
  }
}
