import { Command } from '@nestjs/cqrs';
import type { Outcome } from '../shared/outcome';

/** Record that an authenticated runner contacted the registry (`POST /runners/verify`). */
export class VerifyRunnerCommand extends Command<Outcome<void>> {
  constructor(readonly runnerId: number) {
    super();
  }
}
