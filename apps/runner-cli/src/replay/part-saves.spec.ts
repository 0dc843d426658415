import { describe, expect, it } from '@jest/globals';
import { RunnerShardFold, type QueryModelStore } from '@app/projections';
import { saveShard, type Timed } from './part-saves';
import { linkShards } from './shard-exchange';

const untimed: Timed = (_phase, work) => work();
/** Nothing may be saved when the roles are wrong: a store that refuses every call shows it. */
const untouchable = new Proxy({} as QueryModelStore, {
  get: () => () => {
    throw new Error('the store was used');
  },
});

describe("a sharded part's save", () => {
  it('refuses, before saving anything, a part whose role in the exchange does not match its query models', async () => {
    const shards = linkShards();
    const fold = () => new RunnerShardFold({ modulus: 2, residues: [0] });
    const context = (names: string[], exchange: typeof shards.merging | typeof shards.other) => ({ names, targets: { models: untouchable, runners: untouchable }, checkpoint: 0, exchange, timed: untimed });

    await expect(saveShard(fold(), [], context(['jobs'], shards.merging))).rejects.toThrow('a part without the runners query model cannot merge the shards');
    await expect(saveShard(fold(), [], context(['runners'], shards.other))).rejects.toThrow('the part with the runners query model must merge the shards');
  });
});
