import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId, RUNNER_STREAM } from '@app/domain';
import { Clock } from '@app/common/clock';
import { commandContext } from '@app/event-store/command/command-context';
import { DeciderRunner } from '@app/event-store';
import { ContactCache } from '@app/api/contacts/contact-cache';
import { failed, succeeded } from '@app/event-store/command/outcome';
import { DeleteRunnerManagerCommand } from './delete-runner-manager.command';

@CommandHandler(DeleteRunnerManagerCommand)
export class DeleteRunnerManagerHandler implements ICommandHandler<DeleteRunnerManagerCommand> {
  constructor(private readonly runner: DeciderRunner, private readonly cache: ContactCache, private readonly clock: Clock) {}

  async execute({ runnerId, systemId, correlationId }: DeleteRunnerManagerCommand) {
    const now = this.clock.now();
    const result = await this.runner.run({
      ...RUNNER_STREAM,
      streamId: runnerStreamId(runnerId),
      command: { type: 'DeleteRunnerManager', runnerId, systemId, now: now.toISOString() },
      context: commandContext({ type: 'runner', id: runnerId }, now, correlationId),
    });
    if (!result.ok) return failed<void>(result.error);
    this.cache.forget(runnerId, systemId);
    return succeeded(undefined);
  }
}
