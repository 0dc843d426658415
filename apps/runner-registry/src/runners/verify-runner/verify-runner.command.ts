import { Command } from '@nestjs/cqrs';
import { LEGACY_SYSTEM_ID } from '@app/domain';
import type { Outcome } from '../shared/outcome';

/** An authenticated runner checked in (`POST /runners/verify`): a heartbeat without details. */
export class VerifyRunnerCommand extends Command<Outcome<void>> {
  constructor(
    readonly runnerId: number,
    readonly systemId: string = LEGACY_SYSTEM_ID,
    readonly ipAddress: string | null = null,
  ) {
    super();
  }
}
