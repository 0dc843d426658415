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

describe('runner shards', () => {
  it.each([
    ["the highest runner id is the other shard's", shards],
    ['the highest runner id is its own', [...shards].reverse()],
  ])('merge into the very runners query model one fold of the whole log gives, manager ids included (%s)', (_, shards) => {
    const log = interleavedLog();
    const whole = new RunnersProjection();
    for (const event of log) whole.apply(event);

    const folds = shards.map((shard) => new RunnerShardFold(shard));
    // Each shard sees the whole log here: it skips the other shards' runners itself.
    for (const event of log) for (const fold of folds) fold.apply(event);
    const merged = folds[0].mergeWith(folds.slice(1).map((fold) => fold.result()));

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
    const folds = shards.map((shard) => new RunnerShardFold(shard));
    for (const event of log) for (const fold of folds) fold.apply(event);
    const merged = folds[0].mergeWith(folds.slice(1).map((fold) => fold.result()));

    const next: RecordedEvent = { ...log[log.length - 1], id: 'next', type: 'RunnerManagerRegistered', position: 10_000, streamId: 'runner-2',
      data: { runnerId: 2, systemId: 's_new', info: { version: '17.1.0' }, ipAddress: null, createdAt: at(50) } };
    whole.apply(next);
    merged.apply(next);
    expect(merged.get(2)?.managers.s_new.id).toBe(29);
    expect(projectionChecksum(merged)).toEqual(projectionChecksum(whole));
  });

  it('mark every document as changed, so that a rebuild saves them all', () => {
    const folds = shards.map((shard) => new RunnerShardFold(shard));
    for (const event of interleavedLog()) for (const fold of folds) fold.apply(event);
    const merged = folds[0].mergeWith(folds.slice(1).map((fold) => fold.result()));
    const changes = merged.collections.flatMap((collection) => collection.takeChanges());
    const upserted = changes.filter((change) => change.collection === 'runners' && change.kind === 'upsert').map((change) => change.id);
    expect(upserted.sort()).toEqual(['1', '2', '3', '4', '6', '7']);
    expect(changes.find((change) => change.collection === 'meta')).toMatchObject({ kind: 'upsert', doc: { highestRunnerId: 7, highestManagerId: 28 } });
  });
});
