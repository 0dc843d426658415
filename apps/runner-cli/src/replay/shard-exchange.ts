import type { FoldedRunners, RunnerShardFacts } from '@app/projections';

/**
 * How the two parts of a sharded replay (see replay.ts) exchange their runner shards. Once folded,
 * each tells the other its facts (RunnerShardFacts: enough to number its managers across the fleet)
 * and saves its own runners; then the part that does not merge hands its runners over to the one
 * that does, for the comparison. Nothing large crosses between the threads before both have saved:
 * handing a whole shard over first (~2 s to take in, ~1 s to merge at 10,000,000 events) and saving
 * every runner in one thread kept that thread seconds longer than the other.
 */
interface FactsExchange {
  /** Tells the other part this shard's facts; resolves with the other shards'. */
  exchangeFacts(own: RunnerShardFacts): Promise<RunnerShardFacts[]>;
}

/** The end of the part that merges (the one with the runners query model): the other shards' runners come to it, once saved by their own parts. */
export interface MergingShards extends FactsExchange {
  readonly role: 'merging';
  readonly otherRunners: Promise<FoldedRunners[]>;
}

/** The end of a part that does not merge: it hands its runners over once it has saved them. */
export interface HandingOverShards extends FactsExchange {
  readonly role: 'handing-over';
  handOver(runners: FoldedRunners): void;
}

export type ShardExchange = MergingShards | HandingOverShards;

export interface LinkedShards {
  readonly merging: MergingShards;
  readonly other: HandingOverShards;
  /** A part ended (failed, or done without handing its runners over): what the other still waits for from it fails, rather than never coming. */
  ended(part: 'merging' | 'other', error: Error): void;
}

/** The two ends of an exchange between parts in one thread, or between the main thread and a worker's runner (see rebuild-worker.ts). */
export function linkShards(): LinkedShards {
  const mergingFacts = settable<RunnerShardFacts>();
  const otherFacts = settable<RunnerShardFacts>();
  const otherRunners = settable<FoldedRunners>();
  const handedOver = otherRunners.promise.then((runners) => [runners]);
  handedOver.catch(() => undefined);
  return {
    merging: {
      role: 'merging',
      exchangeFacts: (own) => {
        mergingFacts.resolve(own);
        return otherFacts.promise.then((facts) => [facts]);
      },
      otherRunners: handedOver,
    },
    other: {
      role: 'handing-over',
      exchangeFacts: (own) => {
        otherFacts.resolve(own);
        return mergingFacts.promise.then((facts) => [facts]);
      },
      handOver: (runners) => otherRunners.resolve(runners),
    },
    ended: (part, error) => {
      if (part === 'merging') mergingFacts.reject(error);
      else [otherFacts, otherRunners].forEach((waited) => waited.reject(error));
    },
  };
}

interface Settable<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

/** A promise settled from outside; settling it again does nothing. Unawaited rejections are not reported: the part that failed reports its own error. */
function settable<T>(): Settable<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
