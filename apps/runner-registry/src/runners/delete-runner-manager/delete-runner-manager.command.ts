import { Command } from '@nestjs/cqrs';
import type { Outcome } from '@app/event-store/command/outcome';

/** A runner removes one of its managers (`DELETE /runners/managers`), e.g. when a host is retired. */
export class DeleteRunnerManagerCommand extends Command<Outcome<void>> {
  constructor(readonly runnerId: number, readonly systemId: string) {
    super();
  }
}
