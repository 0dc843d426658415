import { Command } from '@nestjs/cqrs';
import type { Heartbeat } from '@app/domain';
import type { Outcome } from '@app/event-store/command/outcome';

/** Store what a heartbeat adds to the runner's history (most polls add nothing). */
export class RecordHeartbeatCommand extends Command<Outcome<void>> {
  constructor(
    readonly runnerId: number,
    readonly heartbeat: Heartbeat,
    /** The id of the HTTP request that sent it: the correlation id of the events it records (else a fresh one). */
    readonly correlationId?: string,
  ) {
    super();
  }
}
