import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { failed, succeeded, type Outcome } from '../../runners/shared/outcome';
import { AssignRunnerToProjectCommand } from './assign-runner.command';

@CommandHandler(AssignRunnerToProjectCommand)
export class AssignRunnerToProjectHandler implements ICommandHandler<AssignRunnerToProjectCommand> {
  constructor(private readonly executor: CommandExecutor, private readonly clock: Clock) {}

  async execute({ runnerId, projectId, actor }: AssignRunnerToProjectCommand): Promise<Outcome<void>> {
    const now = this.clock.now();
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      { type: 'AssignRunnerToProject', runnerId, projectId, now: now.toISOString() },
      commandContext(actor, now),
    );
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
