import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';
import type { ResetTokenResult } from '@app/api/runners/registration-details';

/** Rotate a runner's authentication token; the old one stops working at once. */
export class ResetRunnerTokenCommand extends Command<Outcome<ResetTokenResult>> {
  constructor(
    readonly runnerId: number,
    readonly actor: Actor,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
