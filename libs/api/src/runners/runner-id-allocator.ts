import { Injectable } from '@nestjs/common';
import { RunnersProjection } from '@app/projections';

/**
 * Proposes the next runner id. The proposal is only a hint: the id is really taken by appending to
 * `runner-<id>` with "no stream" expected, so two replicas proposing the same id cannot both win.
 */
@Injectable()
export class RunnerIdAllocator {
  private lastProposed = 0;

  constructor(private readonly runners: RunnersProjection) {}

  next(): number {
    this.lastProposed = Math.max(this.lastProposed, this.runners.highestRunnerId) + 1;
    return this.lastProposed;
  }

  /**
   * Gives back an id whose registration was refused before anything was stored (a validation
   * error), so the next registration takes it, as a database sequence would (Rails validates
   * before INSERT). Only the latest proposal can be given back; an older one stays a gap.
   */
  release(id: number): void {
    if (id === this.lastProposed) this.lastProposed = id - 1;
  }
}
