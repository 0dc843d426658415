import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { failed, succeeded } from '../shared/outcome';
import { DeleteRunnerCommand } from './delete-runner.command';

@CommandHandler(DeleteRunnerCommand)
export class DeleteRunnerHandler implements ICommandHandler<DeleteRunnerCommand> {
  constructor(private readonly executor: CommandExecutor, private readonly clock: Clock) {}

  async execute({ runnerId, actor }: DeleteRunnerCommand) {
    const now = this.clock.now();
    const result = await this.executor.runner(runnerStreamId(runnerId), { type: 'DeleteRunner', runnerId, now: now.toISOString() }, commandContext(actor, now));
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
