import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RUNNER_STREAM, runnerStreamId } from '@app/domain';
import { commandContext, DeciderRunner, failed, succeeded, type Outcome } from '@app/event-store';
import { DeleteStaleManagerCommand } from './delete-stale-manager.command';

@CommandHandler(DeleteStaleManagerCommand)
export class DeleteStaleManagerHandler implements ICommandHandler<DeleteStaleManagerCommand> {
  constructor(private readonly runner: DeciderRunner) {}

  async execute({ runnerId, systemId, lastContactedAt, thresholds, now }: DeleteStaleManagerCommand): Promise<Outcome<boolean>> {
    const result = await this.runner.run({
      ...RUNNER_STREAM,
      streamId: runnerStreamId(runnerId),
      command: { type: 'DeleteStaleRunnerManager', runnerId, systemId, lastContactedAt: lastContactedAt?.toISOString() ?? null, thresholds, now: now.toISOString() },
      context: commandContext({ type: 'system', name: 'stale-manager-cleanup' }, now),
    });
    return result.ok ? succeeded(result.events.length > 0) : failed(result.error);
  }
}
