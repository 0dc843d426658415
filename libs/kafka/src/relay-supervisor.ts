import type { RelayCheckpoint } from './checkpoint';
import type { KafkaRelay } from './kafka-relay';
import type { RelayLease, RelayLeaseProvider } from './relay-lease';

export interface RelaySupervisorOptions {
  readonly leases: RelayLeaseProvider;
  /** Builds a relay that keeps its checkpoint in the lease's checkpoint. */
  readonly createRelay: (checkpoint: RelayCheckpoint) => KafkaRelay;
  /** Run once per leadership before relaying (topic creation); retried with backoff until it succeeds. */
  readonly prepare?: () => Promise<void>;
  /** How often a process without the lease tries to take it (and so how fast it fails over). Default 2 000 ms. */
  readonly contendIntervalMs?: number;
  /** Backoff cap for prepare() and for a relay that crashed; default 5 000 ms. */
  readonly maxBackoffMs?: number;
  readonly log?: (level: 'log' | 'warn' | 'error', message: string) => void;
  /** Called when this process takes the lease (true) and when it gives it up or loses it (false). */
  readonly onLeadership?: (held: boolean) => void;
}

/**
 * Runs the relay in exactly one process of a deployment: every process contends for the lease, the
 * holder relays, and the others take over when the holder dies or loses its lease. Everything runs
 * in the background: start() returns at once, and no failure here ever reaches a request.
 */
export class RelaySupervisor {
  private running: Promise<void> | undefined;
  private stopped: Promise<void> = Promise.resolve();
  private signalStop: () => void = () => undefined;
  private stopping = false;
  private relay: KafkaRelay | undefined;
  private held = false;

  constructor(private readonly options: RelaySupervisorOptions) {}

  /** Whether this process holds the lease now. */
  get leader(): boolean {
    return this.held;
  }

  /** The acknowledged position of this process's relay; undefined when it does not hold the lease. */
  get acknowledgedPosition(): number | undefined {
    return this.held ? this.relay?.position : undefined;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.stopped = new Promise<void>((resolve) => (this.signalStop = resolve));
    this.running = this.loop();
  }

  /** Stops relaying (the batch in flight finishes or is dropped unacknowledged) and releases the lease. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signalStop();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    const contendMs = this.options.contendIntervalMs ?? 2_000;
    while (!this.stopping) {
      let lease: RelayLease | undefined;
      try {
        lease = await this.options.leases.tryAcquire();
      } catch (error) {
        this.log('warn', `cannot contend for the relay lease: ${describe(error)}`);
      }
      if (lease) await this.lead(lease);
      await this.sleep(contendMs);
    }
  }

  /** Relays until the lease is lost or the supervisor stops; always releases the lease. */
  private async lead(lease: RelayLease): Promise<void> {
    this.held = true;
    this.options.onLeadership?.(true);
    let lost = false;
    const lostSignal = lease.lost.then((why) => {
      lost = true;
      if (!this.stopping) this.log('error', `relay lease lost, relay stopped: ${describe(why)}`);
    });
    const ended = () => this.stopping || lost;
    this.log('log', 'took the relay lease; relaying');
    try {
      for (let failures = 0; !ended(); ) {
        try {
          await this.options.prepare?.();
          break;
        } catch (error) {
          failures++;
          // The first failure and then every tenth: a broker down for an hour must not flood the log.
          if (failures === 1 || failures % 10 === 0) this.log('warn', `relay not ready (attempt ${failures}): ${describe(error)}`);
          await this.sleep(this.backoff(failures), lostSignal);
        }
      }
      for (let crashes = 0; !ended(); ) {
        const relay = this.options.createRelay(lease.checkpoint);
        this.relay = relay;
        try {
          await relay.start();
          const crashed = relay.done.then(() => new Error('relay stopped by itself'));
          const crash = await Promise.race([crashed, lostSignal, this.stopped]);
          if (crash === undefined || ended()) break;
          throw crash;
        } catch (error) {
          crashes++;
          this.log('error', `relay failed; restarting from its checkpoint: ${describe(error)}`);
          await relay.stop().catch(() => undefined);
          this.relay = undefined;
          await this.sleep(this.backoff(crashes), lostSignal);
        }
      }
    } finally {
      await this.relay?.stop().catch(() => undefined);
      this.relay = undefined;
      this.held = false;
      this.options.onLeadership?.(false);
      await lease.release().catch(() => undefined);
    }
  }

  private backoff(failures: number): number {
    return Math.min(this.options.maxBackoffMs ?? 5_000, 200 * 2 ** (failures - 1));
  }

  /** Waits ms, or less if the supervisor stops or `interrupt` settles first. */
  private async sleep(ms: number, interrupt?: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([elapsed, this.stopped, ...(interrupt ? [interrupt] : [])]);
    clearTimeout(timer);
  }

  private log(level: 'log' | 'warn' | 'error', message: string): void {
    this.options.log?.(level, message);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
