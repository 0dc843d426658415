import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { failed, succeeded, type Outcome } from '../shared/outcome';
import { UpdateRunnerCommand } from './update-runner.command';

@CommandHandler(UpdateRunnerCommand)
export class UpdateRunnerHandler implements ICommandHandler<UpdateRunnerCommand> {
  constructor(private readonly executor: CommandExecutor, private readonly clock: Clock) {}

  async execute({ runnerId, paused, changes, actor }: UpdateRunnerCommand): Promise<Outcome<void>> {
    const now = this.clock.now();
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      { type: 'UpdateRunner', runnerId, paused, changes, now: now.toISOString() },
      commandContext(actor, now),
    );
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
