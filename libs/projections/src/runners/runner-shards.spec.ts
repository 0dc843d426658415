import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import { projectionChecksum } from '../engine/checksum';
import { RunnerShardFold, type RunnerShard } from './runner-shards';
import { RunnersProjection } from './runners.projection';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute)).toISOString();

/** A log of interleaved runner lives: managers appear in every runner, in log order, some are deleted, one runner is deleted, one system_id is `__proto__`. */
function interleavedLog(): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const add = (type: string, data: Record<string, unknown>, streamId = `runner-${data.runnerId}`) =>
    events.push({ id: `e${events.length + 1}`, type, data, metadata: {}, streamId, revision: 0, position: (events.length + 1) * 2, recordedAt: at(0) });
  for (let runnerId = 1; runnerId <= 7; runnerId++) {
    add('RunnerRegistered', {
      runnerId, runnerType: 'instance_type', registrationType: 'registration_token', groupId: null, ownerProjectId: null, projectIds: [],
      name: null, paused: false, description: `r${runnerId}`, locked: false, runUntagged: true, accessLevel: 'not_protected',
      maximumTimeout: null, maintenanceNote: null, tagList: [], creationState: 'finished', creatorId: null,
      tokenDigest: `digest-${runnerId}`, tokenExpiresAt: null, createdAt: at(runnerId),
    });
  }
  for (let round = 0; round < 4; round++) {
    for (let runnerId = 7; runnerId >= 1; runnerId--) {
      const systemId = runnerId === 3 && round === 1 ? '__proto__' : `s_${runnerId}_${round}`;
      add('RunnerManagerRegistered', { runnerId, systemId, info: { version: '17.0.0' }, ipAddress: '10.0.0.1', createdAt: at(10 + round) });
      add('RunnerContacted', { runnerId, systemId, contactedAt: at(20 + round) }, `runner-contact-${runnerId}-${'0'.repeat(32)}`);
      if (round === 2 && runnerId % 2 === 0) add('RunnerManagerDeleted', { runnerId, systemId: `s_${runnerId}_0`, deletedAt: at(30) });
    }
  }
  add('RunnerDeleted', { runnerId: 5, deletedAt: at(40) });
  return events;
}

const shards: RunnerShard[] = [
  { modulus: 3, residues: [0, 2] },
  { modulus: 3, residues: [1] },
];

/**
 * The replay's protocol in one thread: each shard folds the whole log (skipping the others'
 * runners), numbers its managers from every shard's facts and saves; the first, which merges, then
 * takes the others' runners over. Returns the merged model and what each shard saved.
 */
function foldInShards(log: readonly RecordedEvent[], order: readonly RunnerShard[]) {
  const folds = order.map((shard) => new RunnerShardFold(shard));
  for (const event of log) for (const fold of folds) fold.apply(event);
  const facts = folds.map((fold) => fold.facts());
  for (const fold of folds) fold.numberAcross(facts);
  const saved = [folds[0].projection.collections.flatMap((collection) => collection.takeChanges()), ...folds.slice(1).map((fold) => fold.takeRunnerChanges())];
  const merged = folds[0].mergeSaved(folds.slice(1).map((fold) => fold.runners()));
  return { merged, saved };
}

describe('runner shards', () => {
  it.each([
    ["the highest runner id is the other shard's", shards],
    ['the highest runner id is its own', [...shards].reverse()],
  ])('number, save and merge into the very runners query model one fold of the whole log gives, manager ids included (%s)', (_, shards) => {
    const log = interleavedLog();
    const whole = new RunnersProjection();
    for (const event of log) whole.apply(event);

    const { merged } = foldInShards(log, shards);

    expect(projectionChecksum(merged)).toEqual(projectionChecksum(whole));
    expect(merged.get(3)?.managers).toEqual(whole.get(3)?.managers);
    expect(Object.keys(merged.get(3)!.managers)).toContain('__proto__');
    expect(merged.highestManagerId).toBe(28);
    expect(merged.highestRunnerId).toBe(7);
    expect(merged.all().map((runner) => runner.id)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(merged.getByTokenDigest('digest-6')?.id).toBe(6);
  });

  it('go on numbering managers after the merge where the whole fold would', () => {
    const log = interleavedLog();
    const whole = new RunnersProjection();
    for (const event of log) whole.apply(event);
    const { merged } = foldInShards(log, shards);

    const next: RecordedEvent = { ...log[log.length - 1], id: 'next', type: 'RunnerManagerRegistered', position: 10_000, streamId: 'runner-2',
      data: { runnerId: 2, systemId: 's_new', info: { version: '17.1.0' }, ipAddress: null, createdAt: at(50) } };
    whole.apply(next);
    merged.apply(next);
    expect(merged.get(2)?.managers.s_new.id).toBe(29);
    expect(projectionChecksum(merged)).toEqual(projectionChecksum(whole));
  });

  it('save every runner once between them, as the whole fold has it, and the ids record with the merging shard; the merge leaves nothing unsaved', () => {
    const log = interleavedLog();
    const whole = new RunnersProjection();
    for (const event of log) whole.apply(event);
    const { merged, saved } = foldInShards(log, shards);

    const upserted = saved.flat().filter((change) => change.collection === 'runners' && change.kind === 'upsert');
    expect(upserted.map((change) => change.id).sort()).toEqual(['1', '2', '3', '4', '6', '7']);
    for (const change of upserted) expect(change.kind === 'upsert' && change.doc).toEqual(whole.get(Number(change.id)));
    expect(saved[0].filter((change) => change.collection === 'runners').map((change) => Number(change.id) % 3).every((residue) => residue !== 1)).toBe(true);
    expect(saved[1].every((change) => change.collection === 'runners' && Number(change.id) % 3 === 1)).toBe(true);
    expect(saved[0].find((change) => change.collection === 'meta')).toMatchObject({ kind: 'upsert', doc: { highestRunnerId: 7, highestManagerId: 28 } });
    expect(merged.collections.flatMap((collection) => collection.takeChanges())).toEqual([]);
  });
});
