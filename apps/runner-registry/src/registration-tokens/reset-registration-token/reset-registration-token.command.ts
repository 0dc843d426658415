import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';

/** Replace a registration token (instance now; groups and projects with the scopes feature). */
export class ResetRegistrationTokenCommand extends Command<Outcome<{ token: string }>> {
  constructor(
    readonly scope: 'instance' | 'group' | 'project',
    readonly scopeId: number | null,
    readonly actor: Actor,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
