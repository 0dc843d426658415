import { Command } from '@nestjs/cqrs';
import type { DirectoryCommand, DirectoryEvent } from '@app/domain';
import type { CommandContext, Outcome } from '@app/event-store';

/**
 * Apply one directory change (provision or change a user, token, group, project, membership or
 * setting) to the stream it addresses. Sent by the seed loader at start and by the directory-events
 * consumer; `eventId` makes a repeated change (a seed loaded twice, a redelivered message) a no-op.
 * The value says whether anything was recorded.
 */
export class ChangeDirectoryCommand extends Command<Outcome<boolean>> {
  constructor(
    readonly streamId: string,
    readonly change: DirectoryCommand,
    readonly context: CommandContext,
    readonly eventId?: (event: DirectoryEvent, index: number) => string,
  ) {
    super();
  }
}
