import { Command } from '@nestjs/cqrs';
import type { Outcome } from '@app/event-store/command/outcome';

/** A runner removes one of its managers (`DELETE /runners/managers`), e.g. when a host is retired. */
export class DeleteRunnerManagerCommand extends Command<Outcome<void>> {
  constructor(
    readonly runnerId: number,
    readonly systemId: string,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
