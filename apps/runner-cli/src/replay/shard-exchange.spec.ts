import { describe, expect, it } from '@jest/globals';
import type { FoldedRunners, RunnerShardFacts } from '@app/projections';
import { linkShards } from './shard-exchange';

const factsOf = (highestRunnerId: number): RunnerShardFacts => ({
  managerPositions: [highestRunnerId * 10],
  highestRunnerId,
  statusChanges: { positions: new Float64Array(), runnerIds: new Float64Array(), codes: new Uint8Array(), ats: new Float64Array() },
});

describe('the exchange between the parts of a sharded replay', () => {
  it("gives each part the other's facts, whichever tells first, and the other part's runners to the merging one", async () => {
    const shards = linkShards();
    const toOther = shards.other.exchangeFacts(factsOf(2));
    const toMerging = shards.merging.exchangeFacts(factsOf(1));
    const runners: FoldedRunners = new Map();
    shards.other.handOver(runners);

    await expect(toMerging).resolves.toEqual([factsOf(2)]);
    await expect(toOther).resolves.toEqual([factsOf(1)]);
    await expect(shards.merging.otherRunners).resolves.toEqual([runners]);
  });

  it('fails the merging part\'s waits when the other part ends without telling, rather than leaving it waiting', async () => {
    const shards = linkShards();
    shards.ended('other', new Error('the worker crashed'));

    await expect(shards.merging.exchangeFacts(factsOf(1))).rejects.toThrow('the worker crashed');
    await expect(shards.merging.otherRunners).rejects.toThrow('the worker crashed');
  });

  it('fails the other part\'s wait for facts when the merging part fails', async () => {
    const shards = linkShards();
    shards.ended('merging', new Error('the main thread failed'));

    await expect(shards.other.exchangeFacts(factsOf(2))).rejects.toThrow('the main thread failed');
  });

  it('keeps what was told when a part ends afterwards', async () => {
    const shards = linkShards();
    shards.other.exchangeFacts(factsOf(2)).catch(() => undefined);
    shards.other.handOver(new Map());
    shards.ended('other', new Error('finished'));

    await expect(shards.merging.exchangeFacts(factsOf(1))).resolves.toEqual([factsOf(2)]);
    await expect(shards.merging.otherRunners).resolves.toHaveLength(1);
  });
});
