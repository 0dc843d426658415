import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId, RUNNER_STREAM } from '@app/domain';
import { Clock } from '@app/common/clock';
import { commandContext } from '@app/event-store/command/command-context';
import { DeciderRunner } from '@app/event-store';
import { failed, succeeded } from '@app/event-store/command/outcome';
import { DeleteRunnerCommand } from './delete-runner.command';

@CommandHandler(DeleteRunnerCommand)
export class DeleteRunnerHandler implements ICommandHandler<DeleteRunnerCommand> {
  constructor(private readonly runner: DeciderRunner, private readonly clock: Clock) {}

  async execute({ runnerId, actor, correlationId }: DeleteRunnerCommand) {
    const now = this.clock.now();
    const result = await this.runner.run({
      ...RUNNER_STREAM,
      streamId: runnerStreamId(runnerId),
      command: { type: 'DeleteRunner', runnerId, now: now.toISOString() },
      context: commandContext(actor, now, correlationId),
    });
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
