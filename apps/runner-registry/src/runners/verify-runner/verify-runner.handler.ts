import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { failed, succeeded } from '../shared/outcome';
import { VerifyRunnerCommand } from './verify-runner.command';

@CommandHandler(VerifyRunnerCommand)
export class VerifyRunnerHandler implements ICommandHandler<VerifyRunnerCommand> {
  constructor(private readonly executor: CommandExecutor, private readonly clock: Clock) {}

  async execute({ runnerId }: VerifyRunnerCommand) {
    const now = this.clock.now();
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      { type: 'RecordRunnerContact', runnerId, now: now.toISOString() },
      commandContext({ type: 'runner', id: runnerId }, now),
    );
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
