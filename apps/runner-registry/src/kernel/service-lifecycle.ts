import { Injectable } from '@nestjs/common';

/** What a readiness probe reads about the relay (absent when this process has no relay). */
export interface RelayStatus {
  /** A summary for the probe: never fails the probe, the API works without the broker. */
  report(): Promise<Record<string, unknown>>;
}

export const RELAY_STATUS = Symbol('RELAY_STATUS');

/**
 * Where the process is in its life, for the readiness probe: from the first moment of a shutdown
 * it answers 503, so a load balancer stops sending requests before the server stops accepting them.
 */
@Injectable()
export class ServiceLifecycle {
  private drainingSince: Date | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  startDraining(now: Date): void {
    this.drainingSince ??= now;
  }
}
