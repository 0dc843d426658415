import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';
import type { ResetTokenResult } from '@app/api/runners/registration-details';

/** Rotate a runner's authentication token; the old one stops working at once. */
export class ResetRunnerTokenCommand extends Command<Outcome<ResetTokenResult>> {
  constructor(readonly runnerId: number, readonly actor: Actor) {
    super();
  }
}
