import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, validateJobSnapshot } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { failed, succeeded, type Outcome } from '../../runners/shared/outcome';
import { BATCH_PARAM } from './job-event.params';
import { JobCommandExecutor } from './job-command-executor';
import { RecordJobEventsCommand, type RecordJobEventsResult } from './record-job-events.command';

@CommandHandler(RecordJobEventsCommand)
export class RecordJobEventsHandler implements ICommandHandler<RecordJobEventsCommand> {
  constructor(private readonly executor: JobCommandExecutor, private readonly clock: Clock) {}

  async execute({ jobs, actor, batch, eventId }: RecordJobEventsCommand): Promise<Outcome<RecordJobEventsResult>> {
    // Every event is checked before the first append: streams are per job, so there is no
    // transaction to roll back, and "one bad event, nothing stored" has to be decided up front.
    const errors: Record<string, string[]> = {};
    jobs.forEach((job, index) => {
      for (const [attribute, messages] of Object.entries(validateJobSnapshot(job))) {
        errors[batch ? `${BATCH_PARAM}[${index}][${attribute}]` : attribute] = messages;
      }
    });
    if (Object.keys(errors).length > 0) return failed(DomainError.validation(errors));

    const context = commandContext(actor, this.clock.now());
    // All at once: the serializer keeps one job's events in order, different jobs share commits.
    const results = await Promise.all(jobs.map((job, index) => this.executor.record(job, context, eventId?.(index))));
    let recorded = 0;
    let highest = 0;
    for (const result of results) {
      // The decider's validation already passed above; a refusal here would be a bug.
      if (!result.ok) return failed(result.error);
      if (result.events.length > 0) recorded++;
      if (result.position !== null) highest = Math.max(highest, result.position);
    }
    await this.executor.visibleAt(highest);
    return succeeded({ recorded, unchanged: jobs.length - recorded });
  }
}
