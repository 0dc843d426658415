import type { EventStore } from '@app/event-store';
import type { ProjectionEngine } from '@app/projections';

/**
 * Read-your-writes across replicas. A client whose write got a 2xx from replica A may send its next
 * request to replica B, whose query models follow the shared log a few milliseconds behind. Before B
 * serves a request it reads the log's head and waits until its own models include it: every write
 * acknowledged before the request arrived is then visible.
 *
 * One head read serves every request that arrived before it started: a request arriving while a read
 * is in flight waits for the next one (the read in flight may predate the write the client saw), and
 * all requests arriving meanwhile share that next read. Under load that is one round trip to the
 * store per round-trip time, not one per request.
 */
export class ReplicaReadBarrier {
  private inFlight: Promise<number> | undefined;
  private queued: Promise<number> | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'headPosition'>,
    private readonly engine: Pick<ProjectionEngine, 'waitFor'>,
    private readonly timeoutMs: number,
  ) {}

  /** Resolves once the models include everything committed before the call; rejects with ReadBarrierTimeout. */
  async pass(): Promise<void> {
    const head = await this.headReadStartedAfterNow();
    await withTimeout(this.engine.waitFor(head), this.timeoutMs);
  }

  private headReadStartedAfterNow(): Promise<number> {
    if (!this.inFlight) return this.startRead();
    this.queued ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.startRead();
      });
    return this.queued;
  }

  private startRead(): Promise<number> {
    const read = this.store.headPosition().finally(() => {
      if (this.inFlight === read) this.inFlight = undefined;
    });
    this.inFlight = read;
    return read;
  }
}

export class ReadBarrierTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`query models did not catch up with the log within ${timeoutMs} ms`);
    this.name = 'ReadBarrierTimeout';
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new ReadBarrierTimeout(ms)), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
