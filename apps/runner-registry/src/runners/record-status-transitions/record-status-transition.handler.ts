import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RUNNER_STREAM, runnerStreamId } from '@app/domain';
import { commandContext, DeciderRunner, failed, succeeded, type Outcome } from '@app/event-store';
import { RecordStatusTransitionCommand } from './record-status-transition.command';

@CommandHandler(RecordStatusTransitionCommand)
export class RecordStatusTransitionHandler implements ICommandHandler<RecordStatusTransitionCommand> {
  constructor(private readonly runner: DeciderRunner) {}

  async execute({ runnerId, transition, thresholds, now }: RecordStatusTransitionCommand): Promise<Outcome<boolean>> {
    const result = await this.runner.run({
      ...RUNNER_STREAM,
      streamId: runnerStreamId(runnerId),
      command: { type: 'RecordStatusTransition', runnerId, transition, thresholds, now: now.toISOString() },
      context: commandContext({ type: 'system', name: 'status-monitor' }, now),
    });
    return result.ok ? succeeded(result.events.length > 0) : failed(result.error);
  }
}
