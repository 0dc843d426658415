import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DIRECTORY_STREAM, identityConflict } from '@app/domain';
import { DeciderRunner, failed, succeeded, type Outcome } from '@app/event-store';
import { DirectoryProjection } from '@app/projections';
import { ChangeDirectoryCommand } from './change-directory.command';

@CommandHandler(ChangeDirectoryCommand)
export class ChangeDirectoryHandler implements ICommandHandler<ChangeDirectoryCommand> {
  constructor(private readonly runner: DeciderRunner, private readonly identities: DirectoryProjection) {}

  async execute({ streamId, change, context, eventId }: ChangeDirectoryCommand): Promise<Outcome<boolean>> {
    const result = await this.runner.run({
      ...DIRECTORY_STREAM,
      streamId,
      command: change,
      context,
      eventId,
      // Usernames and token digests are unique across user streams, so no one stream's decider can tell (see identityConflict).
      precondition: () => identityConflict(change, this.identities),
    });
    return result.ok ? succeeded(result.events.length > 0) : failed(result.error);
  }
}
