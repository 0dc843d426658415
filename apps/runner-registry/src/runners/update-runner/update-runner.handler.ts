import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { failed, succeeded, type Outcome } from '../shared/outcome';
import { UpdateRunnerCommand } from './update-runner.command';

@CommandHandler(UpdateRunnerCommand)
export class UpdateRunnerHandler implements ICommandHandler<UpdateRunnerCommand> {
  /**
   * Updates of one runner run one after the other in this process. GitLab's row update never
   * fails under concurrent PUTs (last write wins); without this, a burst of PUTs on one runner
   * exhausts the optimistic-concurrency retries and some of them get 409.
   */
  private readonly pending = new Map<number, Promise<unknown>>();

  constructor(private readonly executor: CommandExecutor, private readonly clock: Clock) {}

  execute(command: UpdateRunnerCommand): Promise<Outcome<void>> {
    const previous = this.pending.get(command.runnerId) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => this.update(command));
    this.pending.set(command.runnerId, current);
    const cleanup = () => {
      if (this.pending.get(command.runnerId) === current) this.pending.delete(command.runnerId);
    };
    current.then(cleanup, cleanup);
    return current;
  }

  private async update({ runnerId, paused, changes, actor }: UpdateRunnerCommand): Promise<Outcome<void>> {
    const now = this.clock.now();
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      { type: 'UpdateRunner', runnerId, paused, changes, now: now.toISOString() },
      commandContext(actor, now),
    );
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
