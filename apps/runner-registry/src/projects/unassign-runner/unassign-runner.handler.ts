import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { failed, succeeded, type Outcome } from '../../runners/shared/outcome';
import { UnassignRunnerFromProjectCommand } from './unassign-runner.command';

@CommandHandler(UnassignRunnerFromProjectCommand)
export class UnassignRunnerFromProjectHandler implements ICommandHandler<UnassignRunnerFromProjectCommand> {
  constructor(private readonly executor: CommandExecutor, private readonly clock: Clock) {}

  async execute({ runnerId, projectId, actor }: UnassignRunnerFromProjectCommand): Promise<Outcome<void>> {
    const now = this.clock.now();
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      { type: 'UnassignRunnerFromProject', runnerId, projectId, now: now.toISOString() },
      commandContext(actor, now),
    );
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
