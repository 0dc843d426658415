import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { ContactCache } from '../../heartbeats/contact-cache';
import { failed, succeeded } from '../shared/outcome';
import { DeleteRunnerManagerCommand } from './delete-runner-manager.command';

@CommandHandler(DeleteRunnerManagerCommand)
export class DeleteRunnerManagerHandler implements ICommandHandler<DeleteRunnerManagerCommand> {
  constructor(private readonly executor: CommandExecutor, private readonly cache: ContactCache, private readonly clock: Clock) {}

  async execute({ runnerId, systemId }: DeleteRunnerManagerCommand) {
    const now = this.clock.now();
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      { type: 'DeleteRunnerManager', runnerId, systemId, now: now.toISOString() },
      commandContext({ type: 'runner', id: runnerId }, now),
    );
    if (!result.ok) return failed<void>(result.error);
    this.cache.forget(runnerId, systemId);
    return succeeded(undefined);
  }
}
