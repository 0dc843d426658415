import type { Projection } from './projection';
import type { ProjectionEngine } from './projection-engine';
import type { QueryModelGenerations, Release } from './query-model-generations.port';
import type { QueryModelStore } from './query-model-store.port';

export interface GenerationFollowerLog {
  info(message: string): void;
  error(message: string): void;
}

interface Served {
  generation: number;
  release: Release;
}

/**
 * A service's side of query-model generations. At start it opens the generation each projection is
 * pointed at (the engine persists there: `stores`); while the service runs it follows the pointers,
 * and when a rebuild promotes a new generation it swaps it in (ProjectionEngine.replaceProjection:
 * load, catch up, swap between two batches), then closes what it no longer serves and removes what
 * nobody needs any more. One swap at a time; a failed swap keeps the old model and is retried on the
 * next look at the pointers.
 */
export class GenerationFollower {
  private readonly served = new Map<string, Served>();
  private readonly opened = new Map<number, QueryModelStore>();
  private stopWatching?: () => void;
  private checking: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  private constructor(
    private readonly generations: QueryModelGenerations,
    private readonly names: readonly string[],
    private readonly log: GenerationFollowerLog,
  ) {}

  /** Opens (and holds) the generations currently serving `names`, and removes stale ones. */
  static async open(generations: QueryModelGenerations, names: readonly string[], log: GenerationFollowerLog): Promise<GenerationFollower> {
    const follower = new GenerationFollower(generations, names, log);
    const pointers = await generations.current();
    for (const name of names) await follower.serve(name, pointers.get(name) ?? 0);
    await follower.removeStale();
    return follower;
  }

  /** Where the engine persists each projection. */
  get stores(): ReadonlyMap<string, QueryModelStore> {
    return new Map([...this.served].map(([name, { generation }]) => [name, this.opened.get(generation)!]));
  }

  generationOf(name: string): number | undefined {
    return this.served.get(name)?.generation;
  }

  /** Starts following the pointers; `create` makes an empty instance of a projection by name. */
  start(engine: ProjectionEngine, create: (name: string) => Projection): void {
    this.stopWatching = this.generations.watch(() => void this.check(engine, create));
    void this.check(engine, create);
  }

  /** Resolves once no swap is in progress and none will start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWatching?.();
    await this.checking;
  }

  /** Releases and closes the generations' stores (after the engine's last flush). */
  async close(): Promise<void> {
    await this.stop();
    for (const { release } of this.served.values()) await release().catch(() => undefined);
    this.served.clear();
    for (const store of this.opened.values()) await store.close().catch(() => undefined);
    this.opened.clear();
  }

  /** Looks at the pointers now and swaps what changed; resolves when done (tests call it to skip the wait). */
  check(engine: ProjectionEngine, create: (name: string) => Projection): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.again = false;
        try {
          await this.swapChanged(engine, create);
        } catch (error) {
          this.log.error(`query-model swap failed (the current models stay; retried on the next look): ${error instanceof Error ? error.stack : String(error)}`);
        }
      } while (this.again && !this.stopped);
    })().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async swapChanged(engine: ProjectionEngine, create: (name: string) => Projection): Promise<void> {
    const pointers = await this.generations.current();
    let swapped = false;
    for (const name of this.names) {
      const target = pointers.get(name) ?? 0;
      const previous = this.served.get(name)!;
      if (target === previous.generation || this.stopped) continue;
      const started = Date.now();
      await this.serve(name, target);
      const next = this.served.get(name)!;
      try {
        await engine.replaceProjection(create(name), this.opened.get(target)!);
      } catch (error) {
        this.served.set(name, previous);
        await this.unserve(target, next.release);
        throw error;
      }
      await this.unserve(previous.generation, previous.release);
      swapped = true;
      this.log.info(`query model ${name} swapped from generation ${previous.generation} to ${target} (${this.generations.describe(target)}) in ${Date.now() - started} ms`);
    }
    if (swapped) await this.removeStale();
  }

  /** Holds `generation` for `name` and opens its store (once per generation). */
  private async serve(name: string, generation: number): Promise<void> {
    const release = await this.generations.hold(name, generation);
    try {
      if (!this.opened.has(generation)) this.opened.set(generation, await this.generations.open(generation));
    } catch (error) {
      await release();
      throw error;
    }
    this.served.set(name, { generation, release });
  }

  /** Releases one hold on `generation`, and closes its store once nothing is served from it. */
  private async unserve(generation: number, release: Release): Promise<void> {
    await release().catch(() => undefined);
    if ([...this.served.values()].some((served) => served.generation === generation)) return;
    const store = this.opened.get(generation);
    this.opened.delete(generation);
    await store?.close().catch(() => undefined);
  }

  private async removeStale(): Promise<void> {
    try {
      const removed = await this.generations.removeStale(this.names);
      if (removed.length > 0) this.log.info(`removed query models no longer served: ${removed.join(', ')}`);
    } catch (error) {
      this.log.error(`removing stale query-model generations failed (retried after the next swap or start): ${String(error)}`);
    }
  }
}
