import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId, RUNNER_STREAM } from '@app/domain';
import { Clock } from '@app/common/clock';
import { commandContext } from '@app/event-store/command/command-context';
import { DeciderRunner } from '@app/event-store';
import { failed, succeeded, type Outcome } from '@app/event-store/command/outcome';
import { UpdateRunnerCommand } from './update-runner.command';

@CommandHandler(UpdateRunnerCommand)
export class UpdateRunnerHandler implements ICommandHandler<UpdateRunnerCommand> {
  constructor(private readonly runner: DeciderRunner, private readonly clock: Clock) {}

  async execute({ runnerId, paused, changes, actor, correlationId }: UpdateRunnerCommand): Promise<Outcome<void>> {
    const now = this.clock.now();
    const result = await this.runner.run({
      ...RUNNER_STREAM,
      streamId: runnerStreamId(runnerId),
      command: { type: 'UpdateRunner', runnerId, paused, changes, now: now.toISOString() },
      context: commandContext(actor, now, correlationId),
    });
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
