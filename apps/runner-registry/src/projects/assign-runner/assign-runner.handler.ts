import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId, RUNNER_STREAM } from '@app/domain';
import { Clock } from '@app/common/clock';
import { commandContext } from '@app/event-store/command/command-context';
import { DeciderRunner } from '@app/event-store';
import { failed, succeeded, type Outcome } from '@app/event-store/command/outcome';
import { AssignRunnerToProjectCommand } from './assign-runner.command';

@CommandHandler(AssignRunnerToProjectCommand)
export class AssignRunnerToProjectHandler implements ICommandHandler<AssignRunnerToProjectCommand> {
  constructor(private readonly runner: DeciderRunner, private readonly clock: Clock) {}

  async execute({ runnerId, projectId, actor, correlationId }: AssignRunnerToProjectCommand): Promise<Outcome<void>> {
    const now = this.clock.now();
    const result = await this.runner.run({
      ...RUNNER_STREAM,
      streamId: runnerStreamId(runnerId),
      command: { type: 'AssignRunnerToProject', runnerId, projectId, now: now.toISOString() },
      context: commandContext(actor, now, correlationId),
    });
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
