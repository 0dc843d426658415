import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';

/**
 * Delete a runner for good: by an administrator (`DELETE /runners/:id`, `POST /runners/bulk_delete`)
 * or by itself (`DELETE /runners`). A bulk deletion passes the correlation id its deletions share.
 */
export class DeleteRunnerCommand extends Command<Outcome<void>> {
  constructor(
    readonly runnerId: number,
    readonly actor: Actor,
    readonly correlationId?: string,
  ) {
    super();
  }
}
